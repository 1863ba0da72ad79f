import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS_LABELS } from '../../shared/domain/messages';
import { renderQuarantine } from '../../shared/domain/notifications/document-templates';
import { SMS_SEGMENT_SEPTETS, gsm7Length, isGsm7 } from '../../shared/domain/notifications/gsm7';
import type { QuarantineMessage } from '../../shared/domain/notifications/types';
import { STATUSES } from '../../shared/domain/proposal/types';

const HOSTILE = `<script>alert("x")</script> & 'Bu' Ani`;
const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Bu&#39; Ani';

// The scanner's finding is a threat's name, from outside; a catalog entry or a directory name could carry markup too.
const toStaff: QuarantineMessage = {
  lang: 'id',
  audience: 'handler',
  recipientName: HOSTILE,
  proposalId: 'USL-7K2M-9QXA-4TNB',
  service: { id: `Cuti ${HOSTILE}`, en: 'Leave' },
  document: { names: { id: `Formulir <img src=x onerror=alert(1)>`, en: 'Form' }, version: 1 },
  finding: `Trojan.<svg onload=alert(1)>\r\nBcc: someone@example.com`,
  status: 'DRAFT',
  statusLabel: STATUS_LABELS.DRAFT,
  url: 'https://app.pantau.example.go.id/proposals/USL-7K2M-9QXA-4TNB',
  preferencesUrl: 'https://app.pantau.example.go.id/settings/notifications',
};

const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');

describe('what a quarantine notice shows cannot change the email around it', () => {
  it('a name, a document name and a finding with markup are escaped in HTML and kept as text in the text part', () => {
    const { html, text } = renderQuarantine(toStaff);
    expect(html).not.toMatch(/<script|<img|<svg/);
    expect(html).toContain(`Yth. Bapak/Ibu ${HOSTILE_ESCAPED},`);
    expect(html).toContain('Formulir &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Trojan.&lt;svg onload=alert(1)&gt; Bcc: someone@example.com');
    expect(text).toContain('Dokumen: Formulir <img src=x onerror=alert(1)>\n');
    // One line: a finding cannot start lines of its own in the text part.
    expect(text).toContain('Temuan pemindai: Trojan.<svg onload=alert(1)> Bcc: someone@example.com\n');
  });

  it('a javascript: link is shown as text, never put in an href; a link closing its attribute stays inside it', () => {
    const { html } = renderQuarantine({ ...toStaff, url: 'javascript:alert(document.cookie)', preferencesUrl: ' JavaScript:alert(1)' });
    expect(hrefs(html)).toEqual([]);
    expect(html).toContain('Lihat usulan: javascript:alert(document.cookie)</p>');
    const closing = renderQuarantine({ ...toStaff, url: 'https://app.pantau.example.go.id/proposals/X?"><script>alert(1)</script>' });
    expect(closing.html).not.toContain('<script');
    for (const href of hrefs(closing.html)) expect(href).toMatch(/^https:\/\/app\.pantau\.example\.go\.id\/[^"<>\s]*$/);
  });

  it('the document loads nothing and runs nothing, and its subject holds one line', () => {
    const clean = { ...toStaff, recipientName: 'Siti', service: { id: 'Cuti', en: 'Leave' }, document: { names: { id: 'Formulir', en: 'Form' }, version: 1 }, finding: 'EICAR' };
    const { html } = renderQuarantine(clean);
    expect(hrefs(html)).toHaveLength(2);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(|@import|\bon[a-z]+=/i);
    expect(renderQuarantine({ ...toStaff, proposalId: 'USL-7K2M\r\nBcc: someone@example.com' }).subject).not.toMatch(/[\r\n]/);
  });

  it('an applicant’s message drops a finding even if one was put in it', () => {
    const rendered = renderQuarantine({ ...toStaff, audience: 'applicant', url: 'https://pantau.example.go.id/t/USL-7K2M-9QXA-4TNB/aQFeMSKv1FzVF' });
    for (const part of Object.values(rendered)) expect(part).not.toMatch(/Trojan|svg/);
  });
});

const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('😀 公务员 “x” — …', '{[~|€]}'));
const proposalId = fc.stringMatching(/^USL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

describe('the SMS of a quarantine', () => {
  it('is one GSM-7 segment with the number and the link whatever the names carry, and never the finding', () => {
    fc.assert(
      fc.property(
        fc.record({
          lang: fc.constantFrom('id' as const, 'en' as const),
          audience: fc.constantFrom('applicant' as const, 'operator' as const, 'handler' as const),
          recipientName: text,
          proposalId,
          service: fc.record({ id: text, en: text }),
          names: fc.record({ id: text, en: text }),
          status: fc.constantFrom(...STATUSES),
          base: fc.constantFrom('https://staging.pantau.example.go.id', 'https://app.staging.pantau.example.go.id'),
        }),
        ({ names, base, ...m }) => {
          const url = m.audience === 'applicant' ? `${base}/t/${m.proposalId}/aQFeMSKv1FzVF` : `${base}/proposals/${m.proposalId}`;
          const { sms } = renderQuarantine({ ...m, document: { names, version: 3 }, finding: 'FINDING-XYZ', statusLabel: STATUS_LABELS[m.status], url, preferencesUrl: `${base}/settings/notifications` });
          expect(isGsm7(sms)).toBe(true);
          expect(gsm7Length(sms)).toBeLessThanOrEqual(SMS_SEGMENT_SEPTETS);
          expect(sms).toContain(m.proposalId);
          expect(sms).toContain(url);
          expect(sms).not.toContain('FINDING-XYZ');
        },
      ),
    );
  });
});
