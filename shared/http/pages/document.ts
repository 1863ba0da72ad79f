import { createHash } from 'node:crypto';
import type { Lang } from '../../domain/messages';
import { html, trustedHtml, type SafeHtml } from '../html';

/**
 * The pages' one stylesheet, inline (no second request on a slow link, no web fonts) and allowed
 * by its hash in the CSP, so no other style, and no script at all, can run. System fonts; 1rem
 * at least; colours at 4.5:1 or more against their backgrounds (WCAG 2.2 AA 1.4.3); everything
 * reflows at 320 px (1.4.10); focus always visible (2.4.7, 2.4.11); targets 44 px (2.5.8). Printed
 * on A4 (@page), with what only works on a screen left out.
 */
export const PAGE_CSS = [
  ':root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}',
  'body{margin:0;padding:0 1rem 2rem;max-width:40rem;margin-inline:auto;font-size:1rem;overflow-wrap:anywhere}',
  'header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;justify-content:space-between;align-items:center;padding:.75rem 0;border-bottom:1px solid #767676;margin-bottom:1rem}',
  'header .brand{font-weight:700;font-size:1.125rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}',
  'a{color:#0b4fc4}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #0b4fc4;outline-offset:2px}',
  '.tag{display:inline-block;padding:.125rem .625rem;border-radius:1rem;font-weight:700;border:2px solid currentColor}',
  '.tag.ok{color:#0a6b2d}.tag.wait{color:#7a4a00}.tag.act{color:#9a3412}.tag.stop{color:#a3001b}.tag.off{color:#4d4d4d}',
  '.number{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}',
  'dl{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.25rem 1rem;margin:1rem 0}dt{font-weight:700}dd{margin:0}',
  // On a phone each term stands above its value, so values (a number, a NIP) keep their width.
  '@media (max-width:30rem){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.5rem}}',
  'ol.timeline{list-style:none;padding:0;margin:0}ol.timeline li{border-left:3px solid #767676;padding:0 0 1rem 1rem;margin-left:.25rem}ol.timeline p{margin:.125rem 0}',
  'label{display:block;font-weight:700;margin-top:1rem}',
  'input{font:inherit;display:block;width:100%;max-width:20rem;box-sizing:border-box;min-height:44px;padding:.5rem;border:2px solid #595959;border-radius:.25rem}',
  'button{font:inherit;font-weight:700;min-height:44px;margin-top:1rem;padding:.5rem 1.25rem;color:#fff;background:#0b4fc4;border:0;border-radius:.25rem;cursor:pointer}',
  '.hint{color:#4d4d4d;font-size:.9375rem;margin:.25rem 0 0}',
  '.alert{border:2px solid #a3001b;padding:.75rem 1rem;border-radius:.25rem;margin:1rem 0}.alert a{display:block;padding:.625rem 0}',
  '.field-error{color:#a3001b;font-weight:700;margin:.25rem 0 0}input[aria-invalid=true]{border-color:#a3001b;border-width:3px}',
  '.lang a{display:inline-block;min-height:44px;line-height:44px;padding:0 .5rem}',
  // The receipt: its number, and the QR code beside the link (below it on a phone).
  '.number{font-size:1.125rem;letter-spacing:.02em}.link{font-weight:700}',
  '.track{display:flex;flex-wrap:wrap;gap:1rem 1.5rem;align-items:flex-start}.track>div{flex:1 1 14rem;min-width:0}',
  '.qr{display:block;flex:none;width:12rem;height:12rem;max-width:100%}',
  // Printed: A4, what is for the screen left out, nothing split across a page break.
  '@page{size:A4;margin:15mm}',
  '@media print{header .lang,form,button,.noprint{display:none}body{max-width:none;padding:0}a{color:#000}h2{break-after:avoid}dl,.track{break-inside:avoid}.qr{width:45mm;height:45mm}}',
].join('');

const styleHash = createHash('sha256').update(PAGE_CSS).digest('base64');

/**
 * The pages' own headers, beside the security headers every answer has: a CSP that allows the
 * inline stylesheet by hash, forms back to Pantau only, and nothing else (no script, no image
 * from elsewhere, no frame); kept out of search engines; no Referer leaves with a link.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${styleHash}'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'x-robots-tag': 'noindex, nofollow',
  'referrer-policy': 'no-referrer',
});

const WORDS = {
  id: { brand: 'Pantau', tagline: 'Layanan kepegawaian ASN', otherLanguage: 'English', otherLang: 'en' },
  en: { brand: 'Pantau', tagline: 'Civil service personnel services', otherLanguage: 'Bahasa Indonesia', otherLang: 'id' },
} as const;

export interface PageParts {
  lang: Lang;
  title: string;
  /** The page's content, inside <main>. */
  main: SafeHtml;
  /**
   * Where the same page is in the other language (a link with ?lang=): a visible switch for
   * phones whose browser asks for a language the reader does not want. Omitted for pages
   * reached by POST (the switch would lose what was sent).
   */
  otherLanguageHref?: string;
}

/**
 * A whole page: the same head, header and stylesheet for every page Pantau serves. Its icon is
 * empty and inline, so a browser asks for no /favicon.ico (a request on a slow link, and a 404).
 */
export function pageDocument({ lang, title, main, otherLanguageHref }: PageParts): SafeHtml {
  const words = WORDS[lang];
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><link rel="icon" href="data:,"><title>${title} · Pantau</title><style>${trustedHtml(PAGE_CSS)}</style></head>
<body><header><span class="brand">${words.brand}<span class="hint"> · ${words.tagline}</span></span>${otherLanguageHref !== undefined && html`<span class="lang"><a href="${otherLanguageHref}" hreflang="${words.otherLang}" lang="${words.otherLang}">${words.otherLanguage}</a></span>`}</header>
<main>${main}</main></body></html>`;
}
