import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/local/config';

describe('npm start settings for the notifications', () => {
  it('retries an unfinished email or SMS after 10 s unless QUEUE_VISIBILITY_SECONDS says otherwise', () => {
    expect(readConfig([], {}).queueVisibilitySeconds).toBe(10);
    expect(readConfig([], { QUEUE_VISIBILITY_SECONDS: '2' }).queueVisibilitySeconds).toBe(2);
    expect(readConfig([], { QUEUE_VISIBILITY_SECONDS: ' ' }).queueVisibilitySeconds).toBe(10);
  });

  it.each(['soon', '-1', '1.5', '43201'])('refuses QUEUE_VISIBILITY_SECONDS=%s in one line', (value) => {
    expect(() => readConfig([], { QUEUE_VISIBILITY_SECONDS: value })).toThrow(/^QUEUE_VISIBILITY_SECONDS must be a whole number of seconds from 0 to 43200/);
  });

  it('keeps the SMS outbox and the failed stream records under .local', () => {
    const config = readConfig([], {});
    expect(config.smsOutboxFile).toMatch(/[/\\]\.local[/\\]sms-outbox\.jsonl$/);
    expect(config.failedStreamRecordsFile).toMatch(/[/\\]\.local[/\\]failed-stream-records\.jsonl$/);
  });
});
