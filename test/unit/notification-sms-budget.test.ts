import { describe, expect, it } from 'vitest';
import { SMS_SEGMENT_SEPTETS, foldToGsm7, gsm7Length, isGsm7 } from '../../shared/domain/notifications/gsm7';
import { ACTIONS } from '../../shared/domain/proposal/types';
import { JOB_EVENTS, LANGS, PROPOSAL, QUARANTINE_NOTICES, everyNotice } from '../support/every-notice';
import { cdkJsonBases } from '../support/notice-links';

/**
 * Every SMS Pantau sends, with the production base URLs from cdk.json and the longest real values
 * (test/support/every-notice.ts), fits one GSM-7 segment with the number, its link, and what
 * happened (the parts of priority 1) whole. What is shortened to fit is only the detail after them.
 */
const PROD = cdkJsonBases('prod');
/** The applicant's own proposal: the notices that carry the public link. */
const toTheApplicant = ({ event, recipient }: (typeof NOTICES)[number]) =>
  recipient.kind === 'employee' && (event.kind === 'status-changed' || event.kind === 'returned-reminder' || (event.kind === 'document-quarantined' && event.filedBy.role === 'PEGAWAI' && recipient.nip === event.nip));
const NOTICES = everyNotice(PROD).map((n) => ({ ...n, sms: n.rendered.sms, proposalId: 'proposalId' in n.event ? n.event.proposalId : undefined }));

describe('every SMS with the production links and the longest real names', () => {
  it('covers every status change, quarantined documents and every kind of job notice, in both languages, to applicants and staff', () => {
    expect(NOTICES).toHaveLength(ACTIONS.length * LANGS.length * 2 + QUARANTINE_NOTICES + JOB_EVENTS.length * LANGS.length);
    expect(new Set(NOTICES.map((n) => n.event.kind))).toEqual(new Set(['status-changed', 'document-quarantined', 'sla-reminder', 'returned-reminder', 'digest', 'window-reminder', 'retirement-reminder']));
  });

  // A quarantine's document name is what it is about: it may be cut, never dropped.
  it.each(NOTICES.filter((n) => n.event.kind === 'document-quarantined'))('$name names the document, shortened if need be', ({ parts, sms }) => {
    const name = parts.find((p) => p.priority === 2)!.text;
    expect(sms).toContain(foldToGsm7(name).slice(0, 12));
  });

  it.each(NOTICES)('$name: one GSM-7 segment with the number, the link and what happened whole', ({ proposalId, link, parts, sms }) => {
    expect(isGsm7(sms)).toBe(true);
    expect(gsm7Length(sms), sms).toBeLessThanOrEqual(SMS_SEGMENT_SEPTETS);
    if (proposalId) expect(sms).toContain(proposalId);
    expect(sms).toContain(link);
    for (const part of parts.filter((p) => p.priority === 1)) expect(sms, sms).toContain(foldToGsm7(part.text).trim());
  });

  // The reminder's point: when the work is due. (An escalation's deadline has passed; it may go.)
  it.each(NOTICES.filter((n) => /^sla \w+ (id|en)$/.test(n.name)))('$name keeps its deadline whole for a reader in WIB', ({ parts, sms }) => {
    const deadline = parts.find((p) => p.priority === 2)!;
    expect(deadline.label).toMatch(/^(Batas|Deadline): $/);
    expect(sms).toContain(`${deadline.label}${deadline.text}`);
  });

  it('the applicant’s link is the signed one, on the production public base URL; the named handler’s is the front end', () => {
    const signed = new RegExp(`^${PROD.publicBaseUrl.replaceAll('.', '\\.')}/t/${PROPOSAL}/a[A-Za-z0-9_-]{12}$`);
    const applicants = NOTICES.filter((n) => toTheApplicant(n));
    // Each status change, each returned reminder's step, the quarantine (and one replaced since): one of each per language.
    expect(applicants).toHaveLength((ACTIONS.length + 4 + 2) * LANGS.length);
    for (const n of applicants) expect(n.link, n.name).toMatch(signed);
    const named = NOTICES.filter((n) => n.name.includes('named handler'));
    expect(named).toHaveLength(LANGS.length);
    for (const n of named) expect(n.link, n.name).toBe(`${PROD.webBaseUrl}/proposals/${PROPOSAL}`);
  });
});
