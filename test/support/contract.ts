import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { documentedRoutes } from '../../functions/api/routes';
import { openApiDocument } from '../../shared/http/openapi';

/**
 * The API's contract, checked on every answer a test sees: the operation is in the OpenAPI
 * document, the status is documented for it, the content type is one it lists for that status,
 * the body fits that schema (JSON Schema 2020-12, with formats), and the headers it marks required
 * are there. Anything else throws, so an undocumented answer fails the test that met it.
 *
 *   const answer = await checkedFetch(`${stack.api}/proposals/${id}`, { headers: { authorization } });
 *   answer.status, answer.body (parsed JSON), answer.type, answer.headers
 *
 * The local stack's own routes (/_local/*, /docs) are not in the document and pass unchecked. A 5xx
 * fails whether documented or not: in these tests it is always a bug.
 */

type Json = Record<string, unknown>;
interface MediaType { schema: Json }
interface ResponseObject { content?: Record<string, MediaType>; headers?: Record<string, { required?: boolean }> }
interface Operation { operationId: string; responses: Record<string, ResponseObject> }

const document = openApiDocument(documentedRoutes());
const COMPONENTS = '#/components/schemas/';
const componentId = (name: string) => `urn:pantau:schema:${name}`;

/** `#/components/schemas/X` refers into the document; each component is added to Ajv under its own id instead. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' && inner.startsWith(COMPONENTS) ? componentId(inner.slice(COMPONENTS.length)) : rebase(inner)]),
  );
}

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema({ ...(rebase(schema) as Json), $id: componentId(name) });

const validators = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: Json): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(rebase(schema) as Json)));
  return validate;
}

const templates = Object.keys(document.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/** Paths the local stack serves beside the API; the document does not describe them. */
export const isLocalOnly = (path: string): boolean => path.startsWith('/_local/') || path === '/docs' || path.startsWith('/docs/');

export interface Answer {
  method: string;
  /** The path as requested, e.g. /proposals/USL-7K2M-9Q4D-H3XA/transitions (a query is ignored). */
  path: string;
  status: number;
  headers: Headers | Record<string, string>;
  /** The body as sent, '' when there was none. */
  text: string;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

const headerOf = (headers: Answer['headers'], name: string): string | null =>
  headers instanceof Headers ? headers.get(name) : (Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ?? null);

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`).join('; ');

/** Throws a ContractViolation unless the answer is one the document promises; returns the parsed body. */
export function checkAnswer(answer: Answer): unknown {
  const path = answer.path.split('?')[0]!;
  const parsed = parseBody(answer);
  if (isLocalOnly(path)) return parsed;
  const what = `${answer.method} ${path} → ${answer.status}`;
  const fail = (why: string): never => {
    throw new ContractViolation(`${what}: ${why}\n  body: ${answer.text.slice(0, 600)}`);
  };

  if (answer.status >= 500) fail('a server error');
  const template = templates.find((t) => t.pattern.test(path))?.template;
  if (!template) fail('no such path in the OpenAPI document');
  const operation = (document.paths[template!] as Record<string, Operation | undefined>)[answer.method.toLowerCase()];
  if (!operation) fail(`${template} has no ${answer.method} in the OpenAPI document`);
  const response = operation!.responses[String(answer.status)];
  if (!response) fail(`status not documented for ${operation!.operationId} (documented: ${Object.keys(operation!.responses).join(', ')})`);

  for (const [name, header] of Object.entries(response!.headers ?? {})) {
    if (header.required && headerOf(answer.headers, name) === null) fail(`the required header ${name} is missing`);
  }
  const content = response!.content ?? {};
  if (!Object.keys(content).length) {
    if (answer.text !== '') fail('a body where the document says none');
    return parsed;
  }
  const mediaType = (headerOf(answer.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const media = content[mediaType];
  if (!media) fail(`content type "${mediaType}" not documented (documented: ${Object.keys(content).join(', ')})`);
  // A page is checked in a browser (axe, reflow), not against a schema: here, that it is one.
  if (mediaType === 'text/html') {
    if (!/^<!doctype html>/i.test(answer.text)) fail('a text/html answer that is not a whole page');
    return undefined;
  }
  if (parsed === undefined) fail('no JSON body');
  const validate = validatorFor(`${operation!.operationId} ${answer.status} ${mediaType}`, media!.schema);
  if (!validate(parsed)) fail(`the body does not fit the schema: ${describeErrors(validate.errors)}`);
  return parsed;
}

function parseBody({ text, headers }: Answer): unknown {
  if (text === '' || !/json/i.test(headerOf(headers, 'content-type') ?? '')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ContractViolation(`the body is not JSON: ${text.slice(0, 200)}`);
  }
}

export interface CheckedResponse {
  status: number;
  headers: Headers;
  /** The content type as sent. */
  type: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers freely
  body: any;
}

/** fetch, then checkAnswer: the way every e2e test talks to the API. */
export async function checkedFetch(url: string, init: RequestInit = {}): Promise<CheckedResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  const method = (init.method ?? 'GET').toUpperCase();
  const body = checkAnswer({ method, path: new URL(url).pathname, status: response.status, headers: response.headers, text });
  return { status: response.status, headers: response.headers, type: response.headers.get('content-type') ?? '', text, body };
}

/** What is wrong with `value` as the document's component `name` (e.g. 'ProposalView'), or undefined when it fits. */
export function schemaErrors(name: string, value: unknown): string | undefined {
  const validate = ajv.getSchema(componentId(name));
  if (!validate) throw new Error(`no component ${name} in the OpenAPI document`);
  return validate(value) ? undefined : describeErrors(validate.errors);
}

/** The document the answers are checked against, as generated from the routes in this checkout. */
export const contractDocument = () => document;
