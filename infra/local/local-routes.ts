import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { BusSnapshot } from './bus';
import type { ApiHandler } from './gateway';
import type { SmsOutbox } from './sms-outbox';
import type { StreamPollerStatus } from './stream-poller';

/**
 * The local-only routes under /_local/ (public on the gateway, absent from every cloud stage):
 *
 *   POST /_local/sns     the SNS endpoint the SMS sender's real client talks to
 *   GET  /_local/sms     the SMS outbox (JSON; a page for browsers)
 *   GET  /_local/queues  the in-process topic and queues: depth, in flight, dead letters
 *   GET  /_local/stream  the stream poller: shards, counts, records set aside
 *
 * Anything else under /_local/ goes on to the API, which answers 404.
 */
export interface LocalRoutesDeps {
  outbox: SmsOutbox;
  bus: () => BusSnapshot | undefined;
  stream: () => StreamPollerStatus | undefined;
}

type Result = APIGatewayProxyStructuredResultV2;

export function localRoutes(deps: LocalRoutesDeps): (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Result | undefined {
  return (event) => {
    const method = event.requestContext.http.method;
    // The SNS client posts to its endpoint's path with a trailing slash.
    const path = event.rawPath.replace(/\/+$/, '');
    if (path === '/_local/sns') {
      if (method !== 'POST') return notAllowed('POST');
      const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      return deps.outbox.answerSnsRequest(body);
    }
    if (path === '/_local/sms') {
      if (method !== 'GET') return notAllowed('GET');
      return deps.outbox.answerListRequest(event.headers.accept, { ...(event.queryStringParameters?.to ? { to: event.queryStringParameters.to } : {}) });
    }
    if (path === '/_local/queues') {
      if (method !== 'GET') return notAllowed('GET');
      return json(deps.bus() ?? { notifications: 'not running' });
    }
    if (path === '/_local/stream') {
      if (method !== 'GET') return notAllowed('GET');
      return json(deps.stream() ?? { notifications: 'not running' });
    }
    return undefined;
  };
}

/** The gateway's handler: the local routes first, then the API Lambda. */
export function withLocalRoutes(routes: ReturnType<typeof localRoutes>, api: ApiHandler): ApiHandler {
  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => routes(event) ?? api(event, context);
}

function json(value: unknown): Result {
  return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(value, null, 2) };
}

function notAllowed(allow: string): Result {
  return { statusCode: 405, headers: { allow, 'content-type': 'application/json' }, body: JSON.stringify({ message: `Use ${allow}.` }) };
}
