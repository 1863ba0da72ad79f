import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Lang } from '../../domain/messages';
import { negotiateLanguage } from '../problem';
import { header, MAX_BODY_BYTES } from '../request';

const chosen = (value: string | null | undefined): Lang | undefined => (value === 'id' || value === 'en' ? value : undefined);

/** The `lang` field of a form post, if there is one: read without validation, only to word the answer. */
function formLang(event: APIGatewayProxyEventV2WithJWTAuthorizer): Lang | undefined {
  if (event.requestContext?.http?.method?.toUpperCase() !== 'POST' || !event.body || event.body.length > MAX_BODY_BYTES * 2) return undefined;
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test((header(event, 'content-type') ?? '').trim())) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return chosen(new URLSearchParams(text).get('lang'));
}

/**
 * A page's language, and its errors' too: the reader's own choice first (the switch link's
 * `?lang=`, the form's `lang` field), then Accept-Language, then Indonesian. A phone set to a
 * language its reader does not read is common; the switch must win over it.
 */
export function pageLanguage(event: APIGatewayProxyEventV2WithJWTAuthorizer): Lang {
  return chosen(event.queryStringParameters?.lang) ?? formLang(event) ?? negotiateLanguage(header(event, 'accept-language'));
}
