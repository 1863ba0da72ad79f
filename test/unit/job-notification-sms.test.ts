import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeZone } from '../../shared/domain/actors';
import { SMS_SEGMENT_SEPTETS, gsm7Length, isGsm7 } from '../../shared/domain/notifications/gsm7';
import { renderJobEvent, type JobRenderContext } from '../../shared/domain/notifications/job-templates';
import { REMINDER_STEPS, type JobEvent, type Recipient } from '../../shared/domain/notifications/types';

// What people and directories hold: Indonesian with diacritics and typography, emoji, other
// scripts, and GSM-7 extension characters that cost two septets each.
const PIECES = ['Négeri', 'Ṛai', 'SK', 'pangkat', '😀', '👩‍👩‍👧', '公务员', 'ا', '—', '“', '…', '•', '{', '€', '[', '~', '|', ' ', '\n', '\u00a0', 'é'];
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((pieces) => pieces.join('')),
);
const names = fc.record({ id: text, en: text });
const proposalId = fc.stringMatching(/^USL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
const nip = fc.stringMatching(/^(19[5-9]\d|200[0-5])(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{10}$/);
const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }).map((ms) => new Date(ms).toISOString());
const date = instant.map((iso) => iso.slice(0, 10));
const count = fc.integer({ min: 0, max: 100_000 });
const base = fc.record({ eventId: fc.constant('e'), at: instant, recipients: fc.constant<Recipient[]>([]), urgent: fc.boolean() });
const step = fc.constantFrom(...REMINDER_STEPS);
const days = fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined });

const event: fc.Arbitrary<JobEvent> = fc.oneof(
  fc
    .record({ base, proposalId, serviceType: text, stage: text, orgId: text, step, overdueWorkingDays: days, dueAt: instant, escalation: fc.boolean() })
    .map(({ base: b, ...e }) => ({ ...b, kind: 'sla-reminder' as const, ...e })),
  fc
    .record({ base, proposalId, serviceType: text, step, overdueWorkingDays: days, dueAt: instant, missingItems: fc.option(fc.array(text, { maxLength: 20 }), { nil: undefined }) })
    .map(({ base: b, ...e }) => ({ ...b, kind: 'returned-reminder' as const, ...e })),
  fc
    .record({
      base,
      orgId: text,
      role: text,
      day: date,
      waiting: count,
      overdue: count,
      oldest: fc.option(fc.record({ proposalId, serviceType: text, since: instant, dueAt: instant }), { nil: undefined }),
    })
    .map(({ base: b, ...e }) => ({ ...b, kind: 'digest' as const, ...e })),
  fc
    .record({ base, serviceType: text, agencyId: text, period: date, opensOn: date, closesOn: date, daysLeft: fc.integer({ min: 0, max: 400 }) })
    .map(({ base: b, ...e }) => ({ ...b, kind: 'window-reminder' as const, ...e })),
  fc
    .record({ base, nip, employeeName: text, agencyId: text, bupDate: date, monthsBefore: fc.constantFrom(12 as const, 6 as const) })
    .map(({ base: b, ...e }) => ({ ...b, kind: 'retirement-reminder' as const, ...e })),
);

// Base URLs as stages configure them (the longest is staging's): the link is a deployment's choice, not a user's.
const baseUrl = fc.constantFrom('https://pantau.example.go.id', 'https://staging.pantau.example.go.id', 'http://127.0.0.1:3000');
const webUrl = fc.constantFrom('https://app.pantau.example.go.id', 'https://app.staging.pantau.example.go.id', 'http://localhost:5173');
// A signed token's shape: a key id and 12 base64url characters.
const token = fc.stringMatching(/^[a-z][A-Za-z0-9_-]{12}$/);
const context = (id: string): fc.Arbitrary<JobRenderContext> =>
  fc
    .record({
      lang: fc.constantFrom('id' as const, 'en' as const),
      recipientName: text,
      service: fc.option(names, { nil: undefined }),
      stage: fc.option(names, { nil: undefined }),
      orgName: fc.option(text, { nil: undefined }),
      role: fc.option(names, { nil: undefined }),
      withTrack: fc.boolean(),
      withProposal: fc.boolean(),
      withInbox: fc.boolean(),
      url: baseUrl,
      web: webUrl,
      token,
      timeZone: fc.option(fc.constantFrom<TimeZone>('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'), { nil: undefined }),
    })
    .map(({ withTrack, withProposal, withInbox, url, web, token: t, ...c }) => ({
      ...c,
      trackUrl: withTrack ? `${url}/t/${id}/${t}` : undefined,
      proposalUrl: withProposal ? `${web}/proposals/${id}` : undefined,
      inboxUrl: withInbox ? `${web}/inbox` : undefined,
      preferencesUrl: `${web}/settings/notifications`,
    }));

/** The link a notice of this kind carries in its SMS, when the context gives one. */
function linkOf(e: JobEvent, c: JobRenderContext): string | undefined {
  // A notice about one proposal: the applicant's tracking link, the staff's page of it, or their queue.
  if (e.kind === 'returned-reminder' || e.kind === 'sla-reminder') return c.trackUrl ?? c.proposalUrl ?? c.inboxUrl;
  return c.inboxUrl;
}

describe('the SMS a job sends', () => {
  it('is always one GSM-7 segment, and keeps its proposal number and link, whatever the names hold', () => {
    fc.assert(
      fc.property(
        event.chain((e) => fc.tuple(fc.constant(e), context('proposalId' in e ? e.proposalId : 'USL-0000-0000-0000'))),
        ([e, c]) => {
          const { sms } = renderJobEvent(e, c);
          expect(isGsm7(sms)).toBe(true);
          expect(gsm7Length(sms)).toBeLessThanOrEqual(SMS_SEGMENT_SEPTETS);
          if ('proposalId' in e) expect(sms).toContain(e.proposalId);
          const link = linkOf(e, c);
          if (link) expect(sms).toContain(link);
          expect(sms.startsWith('Pantau:')).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
