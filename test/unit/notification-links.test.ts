import { describe, expect, it } from 'vitest';
import { FRONT_END_PATHS, frontEndLinks } from '../../shared/domain/notifications/links';
import { verifyTrackingToken } from '../../shared/domain/tracking/link-token';
import { PROPOSAL, everyNotice, type Notice } from '../support/every-notice';
import { FIXED_KEY_RING, cdkJsonBases, type LinkBases } from '../support/notice-links';

/**
 * No notice links to a bare API route (they answer a browser 401 or a JSON problem): every URL in
 * every rendered notice (each template, event kind, recipient and language; the email's subject,
 * text and HTML, the SMS) is the applicant's signed tracking link or a page of the front end.
 */
const BASES: Record<string, LinkBases> = {
  prod: cdkJsonBases('prod'),
  staging: cdkJsonBases('staging'),
  local: { publicBaseUrl: 'http://127.0.0.1:3000', webBaseUrl: 'http://localhost:5173' },
};
const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/g;
const FRONT_END_PAGES = new Set([FRONT_END_PATHS.inbox, FRONT_END_PATHS.proposal(PROPOSAL), FRONT_END_PATHS.noticeSettings]);

const urlsOf = ({ rendered }: Notice): string[] => [rendered.subject, rendered.text, rendered.html, rendered.sms].flatMap((part) => part.match(URL_IN_TEXT) ?? []);
/** The applicant's own proposal: the only notices that carry the public link (a quarantine's handler may be an employee too). */
const toTheApplicant = ({ event, recipient }: Notice) =>
  recipient.kind === 'employee' &&
  (event.kind === 'status-changed' || event.kind === 'returned-reminder' || (event.kind === 'document-quarantined' && event.filedBy.role === 'PEGAWAI' && recipient.nip === event.nip));

describe.each(Object.entries(BASES))('every link of every notice with the %s base URLs', (_stage, bases) => {
  const notices = everyNotice(bases);
  const signed = new RegExp(`^${bases.publicBaseUrl.replaceAll('.', '\\.')}/t/${PROPOSAL}/([A-Za-z0-9_-]+)$`);

  it.each(notices)('$name: the signed tracking link or a front-end page, nothing else', (notice) => {
    const urls = urlsOf(notice);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const token = signed.exec(url)?.[1];
      if (token !== undefined) {
        expect(toTheApplicant(notice), `${url} goes to the applicant only`).toBe(true);
        expect(verifyTrackingToken(FIXED_KEY_RING, PROPOSAL, token), url).toBe(true);
        continue;
      }
      expect(url.startsWith(`${bases.webBaseUrl}/`), `${url} is under ${bases.webBaseUrl}/`).toBe(true);
      expect(FRONT_END_PAGES.has(url.slice(bases.webBaseUrl.length)), `${url} is a page of the front end's contract`).toBe(true);
    }
  });

  it.each(notices)('$name: its email leads to the notice settings in the front end, its SMS to the proposal or the queue', (notice) => {
    const web = frontEndLinks(bases.webBaseUrl);
    for (const part of [notice.rendered.text, notice.rendered.html]) expect(part).toContain(web.noticeSettings);
    const smsUrls = notice.rendered.sms.match(URL_IN_TEXT) ?? [];
    expect(smsUrls).toHaveLength(1);
    if (toTheApplicant(notice)) expect(smsUrls[0]).toMatch(signed);
    else expect([web.proposal(PROPOSAL), web.inbox]).toContain(smsUrls[0]);
  });
});

describe('the front end’s paths', () => {
  it('are absolute paths under the front end, the proposal number escaped', () => {
    const web = frontEndLinks('https://app.pantau.example.go.id/');
    expect(web).toMatchObject({ inbox: 'https://app.pantau.example.go.id/inbox', noticeSettings: 'https://app.pantau.example.go.id/settings/notifications' });
    expect(web.proposal('USL-7K2M-9QXA-4TNB')).toBe('https://app.pantau.example.go.id/proposals/USL-7K2M-9QXA-4TNB');
    expect(web.proposal('a/b?c')).toBe('https://app.pantau.example.go.id/proposals/a%2Fb%3Fc');
  });
});
