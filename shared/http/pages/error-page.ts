import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DomainError } from '../../domain/errors';
import { PROBLEMS, type Lang } from '../../domain/messages';
import { html, type SafeHtml } from '../html';
import { pageDocument, PAGE_HEADERS } from './document';

const WORDS = {
  id: {
    minutes: (n: number) => `${n} menit`,
    seconds: (n: number) => `${n} detik`,
    tryAgainIn: (when: string) => `Silakan coba lagi dalam ${when}.`,
    trackAgain: 'Lacak usulan dengan nomor dan PIN',
    notFound: 'Periksa kembali nomor usulan dan PIN, atau buka tautan dari SMS atau email terbaru Anda. Tautan yang terpotong atau diubah tidak dapat dibuka.',
    code: 'Kode',
  },
  en: {
    minutes: (n: number) => `${n} minute${n === 1 ? '' : 's'}`,
    seconds: (n: number) => `${n} second${n === 1 ? '' : 's'}`,
    tryAgainIn: (when: string) => `Please try again in ${when}.`,
    trackAgain: 'Track a proposal by its number and PIN',
    notFound: 'Check the proposal number and PIN, or open the link in your latest SMS or email. A link that was cut short or changed cannot be opened.',
    code: 'Code',
  },
} as const;

/** "in 23 minutes": relative, so the page needs no one's time zone and no clock of its own. */
function waitWords(lang: Lang, seconds: number): string {
  const words = WORDS[lang];
  return seconds >= 90 ? words.minutes(Math.ceil(seconds / 60)) : words.seconds(Math.max(1, Math.ceil(seconds)));
}

/** Titles that speak of the API's JSON, said as a page's reader meets them (a form that was not posted as one). */
const PAGE_TITLES: Partial<Record<DomainError['code'], { id: string; en: string }>> = {
  UNSUPPORTED_MEDIA_TYPE: { id: 'Jenis isi formulir tidak didukung', en: 'The form was not sent as a form' },
};

/** A problem as a page's status and content: the route that words its own errors (the form) uses it too. */
export function errorPage(error: DomainError, lang: Lang): { status: number; title: string; page: SafeHtml } {
  const problem = PROBLEMS[error.code];
  const title = (PAGE_TITLES[error.code] ?? problem.title)[lang];
  const words = WORDS[lang];
  const retryAfter = typeof error.details.retryAfterSeconds === 'number' ? error.details.retryAfterSeconds : undefined;
  const notFound = error.code === 'NOT_FOUND' || error.code === 'ROUTE_NOT_FOUND';
  const main = html`<h1>${title}</h1>
${retryAfter !== undefined && html`<p role="alert">${words.tryAgainIn(waitWords(lang, retryAfter))}</p>`}
${notFound && html`<p>${words.notFound}</p>`}
<p><a href="${lang === 'en' ? '/track?lang=en' : '/track'}">${words.trackAgain}</a></p>
<p class="hint">${words.code}: ${error.code}</p>`;
  return { status: problem.status, title, page: pageDocument({ lang, title, main }) };
}

/**
 * A problem as a page, for page routes and for browsers that reached no route: the same status,
 * code and Retry-After as the problem+json would carry, in words a person can act on. A proposal
 * not found (unknown number, wrong PIN, forged or damaged link) reads the same in every case.
 */
export function errorPageResponse(error: DomainError, lang: Lang, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  const { status, page } = errorPage(error, lang);
  return {
    statusCode: status,
    headers: { ...PAGE_HEADERS, 'content-language': lang, ...headers },
    body: page.text,
  };
}
