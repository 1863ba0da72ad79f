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

  it('dead-letters an email or SMS after 5 receives unless QUEUE_MAX_RECEIVES says otherwise', () => {
    expect(readConfig([], {}).queueMaxReceives).toBe(5);
    expect(readConfig([], { QUEUE_MAX_RECEIVES: '1' }).queueMaxReceives).toBe(1);
  });

  it.each(['0', 'many', '2.5', '1001'])('refuses QUEUE_MAX_RECEIVES=%s in one line', (value) => {
    expect(() => readConfig([], { QUEUE_MAX_RECEIVES: value })).toThrow(/^QUEUE_MAX_RECEIVES must be a whole number from 1 to 1000 \(got/);
  });

  it('keeps the SMS outbox and the failed stream records under .local', () => {
    const config = readConfig([], {});
    expect(config.smsOutboxFile).toMatch(/[/\\]\.local[/\\]sms-outbox\.jsonl$/);
    expect(config.failedStreamRecordsFile).toMatch(/[/\\]\.local[/\\]failed-stream-records\.jsonl$/);
  });
});
