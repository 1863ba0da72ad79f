import { describe, expect, it } from 'vitest';
import { renderJobEvent, type JobRenderContext } from '../../shared/domain/notifications/job-templates';
import type { JobEvent } from '../../shared/domain/notifications/types';

const HOSTILE = `<script>alert("x")</script> & 'Bu' Ani`;
const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Bu&#39; Ani';
const hostileNames = { id: `Layanan ${HOSTILE}`, en: `Service ${HOSTILE}` };

const base = { eventId: 'e', at: '2026-03-26T01:00:00.000Z', recipients: [], urgent: false };
const ctx: JobRenderContext = {
  lang: 'id',
  recipientName: HOSTILE,
  service: hostileNames,
  stage: hostileNames,
  orgName: `Kanreg ${HOSTILE}`,
  role: hostileNames,
  trackUrl: 'https://pantau.example/track/USL-7K2M-9QXA-4TNB',
  inboxUrl: 'https://pantau.example/inbox',
  preferencesUrl: 'https://pantau.example/pengaturan/notifikasi',
};

const EVENTS: JobEvent[] = [
  { ...base, kind: 'sla-reminder', proposalId: 'USL-7K2M-9QXA-4TNB', serviceType: 'X', stage: 'S', orgId: 'O', step: 'HALF', dueAt: '2026-03-30T16:59:59.999Z', escalation: false },
  { ...base, kind: 'sla-reminder', proposalId: 'USL-7K2M-9QXA-4TNB', serviceType: 'X', stage: 'S', orgId: 'O', step: 'OVERDUE', overdueWorkingDays: 2, dueAt: '2026-03-30T16:59:59.999Z', escalation: true },
  { ...base, kind: 'returned-reminder', proposalId: 'USL-7K2M-9QXA-4TNB', serviceType: 'X', step: 'BREACH', dueAt: '2026-03-30T16:59:59.999Z', missingItems: [`Formulir ${HOSTILE}`, '<img src=x onerror=alert(1)>'] },
  {
    ...base,
    kind: 'digest',
    orgId: 'O',
    role: 'R',
    day: '2026-03-26',
    waiting: 2,
    overdue: 1,
    oldest: { proposalId: 'USL-7K2M-9QXA-4TNB', serviceType: 'X', since: '2026-03-09T02:00:00Z', dueAt: '2026-03-16T16:59:59.999Z' },
  },
  { ...base, kind: 'window-reminder', serviceType: 'X', agencyId: 'A', period: '2026-06-01', opensOn: '2026-03-01', closesOn: '2026-04-30', daysLeft: 3 },
  { ...base, kind: 'retirement-reminder', nip: '196904102000032001', employeeName: HOSTILE, agencyId: 'A', bupDate: '2027-05-01', monthsBefore: 12 },
];

const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');

describe('what staff, employees or the directory typed cannot change a job notice around it', () => {
  const named = EVENTS.map((event) => ({ name: event.kind === 'sla-reminder' && event.escalation ? 'sla-reminder (escalation)' : event.kind, event }));
  it.each(named)('a $name notice shows names, services, stages and items escaped in HTML and as typed in text', ({ event }) => {
    const { html, text } = renderJobEvent(event, ctx);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain(`Yth. Bapak/Ibu ${HOSTILE_ESCAPED},`);
    expect(text).toContain(`Yth. Bapak/Ibu ${HOSTILE},`);
    // No tag loads or runs anything (the escaped text may well read "onerror=").
    for (const [tag] of html.matchAll(/<[^>]*>/g)) expect(tag).not.toMatch(/^<(script|link|img|iframe)|\bsrc=|url\(|@import|\bon[a-z]+=/i);
    for (const href of hrefs(html)) expect(href).toMatch(/^https:\/\/pantau\.example\//);
  });

  it('missing items of a returned proposal are listed escaped', () => {
    const { html } = renderJobEvent(EVENTS[2]!, ctx);
    expect(html).toContain(`<li>Formulir ${HOSTILE_ESCAPED}</li>`);
    expect(html).toContain('<li>&lt;img src=x onerror=alert(1)&gt;</li>');
  });

  it('an employee name with markup is escaped in the retirement notice, its title included', () => {
    const { html } = renderJobEvent(EVENTS[5]!, ctx);
    expect(html).toContain(`<p style="margin:0 0 16px;font-weight:bold;">${HOSTILE_ESCAPED} (NIP 196904102000032001)`);
    expect(html).toContain(`<title>[Pantau] Pensiun ${HOSTILE_ESCAPED}:`);
  });

  it('javascript: links from a misconfigured stage are shown as text, never put in an href', () => {
    for (const event of EVENTS) {
      const { html } = renderJobEvent(event, { ...ctx, trackUrl: 'javascript:alert(1)', inboxUrl: ' JavaScript:alert(2)', preferencesUrl: 'data:text/html,x' });
      expect(hrefs(html), event.kind).toEqual([]);
    }
  });

  it('a link that tries to close its attribute stays inside it', () => {
    const { html } = renderJobEvent(EVENTS[0]!, { ...ctx, inboxUrl: 'https://pantau.example/inbox?x="><script>alert(1)</script>' });
    expect(html).not.toContain('<script');
    for (const href of hrefs(html)) expect(href).toMatch(/^https:\/\/pantau\.example\/[^"<>\s]*$/);
  });

  it('a subject holds one line whatever a name or proposal number carries', () => {
    const retirement = { ...EVENTS[5]!, employeeName: 'Ani\r\nBcc: someone@example.com' } as JobEvent;
    expect(renderJobEvent(retirement, ctx).subject).not.toMatch(/[\r\n]/);
    const sla = { ...EVENTS[0]!, proposalId: 'USL-7K2M\r\nBcc: someone@example.com' } as JobEvent;
    expect(renderJobEvent(sla, ctx).subject).not.toMatch(/[\r\n]/);
  });
});
