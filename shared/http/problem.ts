import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DomainError} from '../domain/errors';
import { type ErrorCode } from '../domain/errors';
import { PROBLEMS, type Lang } from '../domain/messages';

/** Indonesian unless the client prefers English (Accept-Language, by q-value). */
export function negotiateLanguage(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'id';
  const ranked = acceptLanguage
    .slice(0, 256)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      // "in" is the withdrawn ISO 639 code for Indonesian; old Android devices still send it.
      const primary = tag.trim().split('-')[0];
      return { lang: primary === 'in' ? 'id' : primary, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0 && (entry.lang === 'id' || entry.lang === 'en'))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang === 'en' ? 'en' : 'id';
}

const kebab = (code: ErrorCode): string => code.toLowerCase().replaceAll('_', '-');

/** An RFC 9457 problem: a stable `code`, a title in the reader's language, and safe details. */
export function problemBody(error: DomainError, lang: Lang, instance?: string) {
  const problem = PROBLEMS[error.code];
  return {
    type: `https://pantau.bkn.go.id/problems/${kebab(error.code)}`,
    title: problem.title[lang],
    status: problem.status,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(Object.keys(error.details).length ? { details: error.details } : {}),
    ...(error.issues.length ? { errors: error.issues } : {}),
  };
}

export function problemResponse(error: DomainError, lang: Lang, instance?: string, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  const body = problemBody(error, lang, instance);
  return {
    statusCode: body.status,
    headers: { 'content-type': 'application/problem+json', 'content-language': lang, ...headers },
    body: JSON.stringify(body),
  };
}
