import { describe, expect, it } from 'vitest';
import { REJECTION_REASONS, RETURN_REASONS } from '../../shared/domain/catalog/reasons';
import { STATUS_LABELS } from '../../shared/domain/messages';
import { escapeHtml, httpUrl } from '../../shared/domain/notifications/escape-html';
import { renderStatusChange } from '../../shared/domain/notifications/templates';
import type { StatusChangeMessage } from '../../shared/domain/notifications/types';

const HOSTILE = `<script>alert("x")</script> & 'Bu' Ani`;
const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Bu&#39; Ani';

const returned: StatusChangeMessage = {
  lang: 'id',
  audience: 'applicant',
  recipientName: HOSTILE,
  proposalId: 'USL-7K2M-9QXA-4TNB',
  service: { id: 'Cuti', en: 'Leave' },
  action: 'return',
  status: 'RETURNED',
  statusLabel: STATUS_LABELS.RETURNED,
  stage: { id: 'Pertimbangan atasan langsung', en: 'Direct superior consideration' },
  reason: { code: 'LAINNYA', label: RETURN_REASONS.LAINNYA, text: `Lihat ${HOSTILE}` },
  missingItems: [`Formulir ${HOSTILE}`, '<img src=x onerror=alert(1)>'],
  trackUrl: 'https://pantau.example/track/USL-7K2M-9QXA-4TNB',
  preferencesUrl: 'https://pantau.example/pengaturan/notifikasi',
};

/** Every href in the HTML. */
const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');

describe('what an employee typed, or a verifier wrote, cannot change the email around it', () => {
  it('a name, a reason and missing items with markup, quotes and & are shown escaped in HTML and as typed in text', () => {
    const { html, text } = renderStatusChange(returned);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain(`Yth. Bapak/Ibu ${HOSTILE_ESCAPED},`);
    expect(html).toContain(`Keterangan: Lihat ${HOSTILE_ESCAPED}`);
    expect(html).toContain(`<li>Formulir ${HOSTILE_ESCAPED}</li>`);
    expect(html).toContain('<li>&lt;img src=x onerror=alert(1)&gt;</li>');
    expect(text).toContain(`Yth. Bapak/Ibu ${HOSTILE},`);
    expect(text).toContain(`Keterangan: Lihat ${HOSTILE}`);
    expect(text).toContain(`1. Formulir ${HOSTILE}`);
  });

  it('a reason label or service name with markup is escaped too', () => {
    const { html } = renderStatusChange({
      ...returned,
      action: 'reject',
      status: 'REJECTED',
      statusLabel: { id: '<b>TMS</b>', en: '<b>TMS</b>' },
      service: { id: 'Cuti <i>besar</i>', en: 'Leave' },
      reason: { code: 'USUL_GANDA', label: { id: `${REJECTION_REASONS.USUL_GANDA.id} <u>`, en: '' } },
    });
    expect(html).not.toMatch(/<(b|i|u)>/);
    expect(html).toContain('&lt;b&gt;TMS&lt;/b&gt;');
    expect(html).toContain('Usul ganda &lt;u&gt;');
  });

  it('a javascript: tracking link is shown as text, never put in an href', () => {
    const { html } = renderStatusChange({ ...returned, trackUrl: 'javascript:alert(document.cookie)', preferencesUrl: ' JavaScript:alert(1)' });
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(hrefs(html)).toEqual([]);
    expect(html).toContain('Lacak usulan ini: javascript:alert(document.cookie)</p>');
  });

  it('a link that tries to close its attribute stays inside it', () => {
    const { html } = renderStatusChange({ ...returned, trackUrl: 'https://pantau.example/track/USL-7K2M-9QXA-4TNB?x="><script>alert(1)</script>' });
    expect(html).not.toContain('<script');
    for (const href of hrefs(html)) expect(href).toMatch(/^https:\/\/pantau\.example\/[^"<>\s]*$/);
  });

  it('every link goes to http(s) and the document loads nothing and runs nothing', () => {
    const { html } = renderStatusChange({ ...returned, recipientName: 'Siti', reason: { code: 'DOKUMEN_TIDAK_LENGKAP' }, missingItems: ['SK jabatan'] });
    expect(hrefs(html).length).toBe(2);
    for (const href of hrefs(html)) expect(href).toMatch(/^https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(|@import|\bon[a-z]+=/i);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="id">')).toBe(true);
  });

  it('a subject holds one line whatever the proposal number carries', () => {
    const { subject } = renderStatusChange({ ...returned, proposalId: 'USL-7K2M\r\nBcc: someone@example.com' });
    expect(subject).not.toMatch(/[\r\n]/);
  });
});

describe('the escaping helpers', () => {
  it('escape the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('accept only absolute http(s) URLs as links', () => {
    expect(httpUrl('https://pantau.example/track/USL-1')).toBe('https://pantau.example/track/USL-1');
    expect(httpUrl('http://localhost:3000/track/USL-1')).toBe('http://localhost:3000/track/USL-1');
    for (const url of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>', '/track/USL-1', 'vbscript:x', 'file:///etc/passwd', '']) {
      expect(httpUrl(url), url).toBeUndefined();
    }
  });
});
