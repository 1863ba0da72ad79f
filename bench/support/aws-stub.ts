import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { storedKeyRing, type KeyRing } from '../../shared/domain/tracking/link-token';
import { MemoryDynamo } from './memory-dynamo';

/**
 * Everything AWS a Pantau function calls, answered on 127.0.0.1 with fake credentials, so a
 * benchmark never reaches an AWS endpoint: DynamoDB (from memory), SNS Publish, SES SendEmail,
 * Secrets Manager GetSecretValue (the tracking-link key ring, BENCH_KEY_RING) and SQS (anything:
 * an empty answer). Point a process at it with AWS_ENDPOINT_URL (the SDK's
 * setting for every service) and a QUEUE_URL on this host (SQS sends to the queue URL's host).
 */
export interface AwsStub {
  url: string;
  dynamo: MemoryDynamo;
  /** Requests answered, by service and action (DynamoDB.GetItem, SNS.Publish, ...). */
  counts: Map<string, number>;
  /** Requests the stub did not know: a sign that a figure is not what it claims. */
  unknown: string[];
  close(): Promise<void>;
}

export const FAKE_CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' } as const;
/** The ring every secret of the stub holds: the API and the senders sign and check links with it. */
export const BENCH_KEY_RING: KeyRing = { current: 'a', keys: { a: Buffer.alloc(32, 1).toString('base64') } };
export const REGION = 'ap-southeast-3';

const JSON_TYPE = 'application/x-amz-json-1.0';
const xml = (action: string, namespace: string, result: string) =>
  `<${action}Response xmlns="${namespace}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;

/** One request's answer, whoever carried it (HTTP, or the in-process request handler). */
function answer(stub: Pick<AwsStub, 'dynamo' | 'counts' | 'unknown'>, target: string | undefined, body: string): { status: number; type: string; body: string } {
  const count = (name: string) => stub.counts.set(name, (stub.counts.get(name) ?? 0) + 1);
  if (target?.startsWith('DynamoDB_20120810.')) {
    const operation = target.slice('DynamoDB_20120810.'.length);
    count(`DynamoDB.${operation}`);
    const result = stub.dynamo.handle(operation, JSON.parse(body || '{}') as Record<string, unknown>);
    if (result.status !== 200) stub.unknown.push(`DynamoDB.${operation}`);
    return { status: result.status, type: JSON_TYPE, body: JSON.stringify(result.body) };
  }
  if (target === 'secretsmanager.GetSecretValue') {
    count('SecretsManager.GetSecretValue');
    const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
    return { status: 200, type: 'application/x-amz-json-1.1', body: JSON.stringify({ ARN: SecretId, Name: SecretId, VersionId: 'bench', SecretString: JSON.stringify(storedKeyRing(BENCH_KEY_RING)) }) };
  }
  if (target?.startsWith('AmazonSQS.')) {
    count(`SQS.${target.slice('AmazonSQS.'.length)}`);
    return { status: 200, type: JSON_TYPE, body: '{}' };
  }
  const form = new URLSearchParams(body);
  const action = form.get('Action') ?? '?';
  const version = form.get('Version');
  if (version === '2010-03-31' && action === 'Publish') {
    count('SNS.Publish');
    return { status: 200, type: 'text/xml', body: xml('Publish', 'http://sns.amazonaws.com/doc/2010-03-31/', `<MessageId>${randomUUID()}</MessageId>`) };
  }
  if (version === '2010-12-01' && action === 'SendEmail') {
    count('SES.SendEmail');
    return { status: 200, type: 'text/xml', body: xml('SendEmail', 'http://ses.amazonaws.com/doc/2010-12-01/', `<MessageId>${randomUUID()}</MessageId>`) };
  }
  stub.unknown.push(`${target ?? action} (${version ?? 'no version'})`);
  return { status: 400, type: 'text/plain', body: `the benchmark's AWS stub does not answer ${target ?? action}` };
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

export async function startAwsStub(dynamo = new MemoryDynamo()): Promise<AwsStub> {
  const stub = { dynamo, counts: new Map<string, number>(), unknown: [] as string[] };
  const server = createServer((request, response) => {
    readBody(request).then((body) => {
      const result = answer(stub, request.headers['x-amz-target'] as string | undefined, body);
      response.writeHead(result.status, { 'content-type': result.type, 'content-length': Buffer.byteLength(result.body) });
      response.end(result.body);
    }, () => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    ...stub,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A document client whose requests never leave the process: the SDK serialises, signs and parses
 * as usual, and the stub answers in place of the HTTP round trip. Marshalling as
 * shared/adapters/dynamo/client.ts sets it.
 */
export function inProcessDocumentClient(dynamo: MemoryDynamo): DynamoDBDocumentClient {
  const stub = { dynamo, counts: new Map<string, number>(), unknown: [] as string[] };
  const requestHandler = {
    handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
      // The SDK hands over a string, or bytes that it warns about when treated as one.
      const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : '';
      const result = answer(stub, request.headers['x-amz-target'], body);
      return { response: { statusCode: result.status, reason: '', headers: { 'content-type': result.type }, body: Buffer.from(result.body) } };
    },
    updateHttpClientConfig: () => {},
    httpHandlerConfigs: () => ({}),
  };
  const client = new DynamoDBClient({ region: REGION, credentials: FAKE_CREDENTIALS, endpoint: 'http://in-process.invalid', requestHandler });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
}

type Native = Record<string, unknown>;
const toWire = (value: unknown) => (value === undefined ? undefined : marshall(value as Native, { removeUndefinedValues: true }));
const fromWire = (value: unknown) => (value === undefined ? undefined : unmarshall(value as never));

/** A document-client input in DynamoDB JSON: the fields that carry items, keys and values. */
function wireInput(input: Native): Native {
  const out: Native = { ...input };
  for (const field of ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey']) if (input[field] !== undefined) out[field] = toWire(input[field]);
  if (Array.isArray(input.TransactItems)) {
    out.TransactItems = (input.TransactItems as Record<string, Native>[]).map((entry) =>
      Object.fromEntries(Object.entries(entry).map(([op, body]) => [op, { ...body, ...(body.Item ? { Item: toWire(body.Item) } : {}), ...(body.Key ? { Key: toWire(body.Key) } : {}) }])),
    );
  }
  if (input.RequestItems) {
    out.RequestItems = Object.fromEntries(
      Object.entries(input.RequestItems as Record<string, { PutRequest?: { Item: Native }; DeleteRequest?: { Key: Native } }[]>).map(([table, requests]) => [
        table,
        requests.map((r) => (r.PutRequest ? { PutRequest: { Item: toWire(r.PutRequest.Item) } } : { DeleteRequest: { Key: toWire(r.DeleteRequest?.Key) } })),
      ]),
    );
  }
  return out;
}

/**
 * A document client answered at `send`, as aws-sdk-client-mock would: a middleware at the first
 * step answers from the stub, so no request is serialised, signed or parsed. What is left to time
 * is Pantau's own code (and the item conversion any document client does).
 */
export function sendStubDocumentClient(dynamo: MemoryDynamo): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ region: REGION, credentials: FAKE_CREDENTIALS, endpoint: 'http://in-process.invalid' });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  doc.middlewareStack.add(
    (_next, context) => async (args) => {
      const operation = String(context.commandName ?? '').replace(/Command$/, '');
      const { status, body } = dynamo.handle(operation, wireInput(args.input as Native));
      if (status !== 200) throw new Error(JSON.stringify(body));
      const wire = body as Native;
      const output: Native = { ...wire, $metadata: {} };
      if (wire.Item) output.Item = fromWire(wire.Item);
      if (wire.Attributes) output.Attributes = fromWire(wire.Attributes);
      if (Array.isArray(wire.Items)) output.Items = wire.Items.map(fromWire);
      return { output, response: {} } as never;
    },
    { step: 'initialize', name: 'benchAnswerAtSend', override: true },
  );
  return doc;
}
