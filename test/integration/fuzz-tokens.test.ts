import { testDocumentStore } from '../support/documents';
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign as rsaSign, constants, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { decodeJwt, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { claimsOf } from '../../infra/local/auth';
import { LOCAL_PASSWORD, seedAccounts } from '../../infra/local/cognito-local';
import { startGateway, type ApiHandler, type Gateway } from '../../infra/local/gateway';
import { findUser, organisations, seed, users } from '../../infra/local/seed-data';
import { ERROR_CODES } from '../../shared/domain/errors';
import { canonicalJson } from '../../shared/domain/proposal/history';
import { checkedFetch } from '../support/contract';
import { asApiGateway, malformedClaims } from '../support/hostile-claims';
import { hostileJson, hostileString } from '../support/hostile';
import { createTestUserPool, type TestUserPool } from '../support/identity';
import { freshTable } from '../support/table';
import { testKeyRing, testTrackingLinks } from '../support/tracking-links';
import { signTrackingToken, trackingPath, TRACKING_MAC_BYTES } from '../../shared/domain/tracking/link-token';
import { TRACKING_FAILURES_PER_HOUR } from '../../shared/app/tracking';
import { BROWSER_ACCEPT, parsePage } from '../support/pages';
import { noIdentity } from '../support/staff';

/**
 * Tokens, fuzzed. In the cloud API Gateway's JWT authorizer checks Cognito's ID tokens; on one
 * machine infra/local/auth.ts's jwtAuthorizer (jose) checks cognito-local's against its JWKS, in
 * front of the same handler. Forged, expired, not yet valid, wrongly signed, unsigned (alg none),
 * other-algorithm (HS256 keyed with the public key, PS256 with the very key), unknown key id,
 * wrong issuer or audience, access tokens, tampered and garbage tokens never verify: in process
 * against the verifier, and over HTTP against the local gateway, where each is a 401
 * problem+json and the handler never runs. Tokens that verify but carry malformed claims reach
 * the handler and get a 401 or 403, never a 5xx, never a write. Tracking-link tokens (the MAC in
 * `/t/<number>/<token>`), bent, forged, under another key or any text, never open a page over
 * HTTP either: each is the same 404 page, counted, until the number's lock, which then holds for
 * the valid link too.
 */

const SCALE = Number(process.env.FUZZ_SCALE ?? 1) || 1;
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE), ...(SEED !== undefined ? { seed: SEED } : {}) });

// cognito-local signs with a key its package ships, public by design (cognito-local.ts says so);
// tests sign with it as an insider would, so that every defect below is the only thing wrong with its token.
const require = createRequire(import.meta.url);
const POOL_KEY: KeyObject = createPrivateKey((require('cognito-local/lib/keys/cognitoLocal.private.json') as { pem: string }).pem);
const PUBLIC_KEY = createPublicKey(POOL_KEY);
const PUBLIC_PEM = PUBLIC_KEY.export({ type: 'spki', format: 'pem' }).toString();
const PUBLIC_JWK = PUBLIC_KEY.export({ format: 'jwk' });
// Other RSA keys, made once: an attacker's.
const OTHER_KEYS = [0, 1].map(() => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const NOW = Math.floor(Date.now() / 1000);
// Far enough from now that a token made at the start is still expired, or still not valid, at the end.
const HOUR = 3600;
const YEAR = 365 * 24 * HOUR;

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const hmac = (input: string, key: string | Buffer, alg: 'sha256' | 'sha384' | 'sha512' = 'sha256') => createHmac(alg, key).update(input).digest('base64url');
const rs256 = (key: KeyObject) => (input: string) => rsaSign('sha256', Buffer.from(input), key).toString('base64url');
const ps256 = (input: string) => rsaSign('sha256', Buffer.from(input), { key: POOL_KEY, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64url');

/** A compact JWS from parts, signed (or not) exactly as told: no library to refuse odd headers. */
function jwt(header: unknown, payload: unknown, sign: (input: string) => string = rs256(POOL_KEY)): string {
  const input = `${b64(typeof header === 'string' ? header : JSON.stringify(header))}.${b64(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  return `${input}.${sign(input)}`;
}

const budi = findUser('budi')!;
const admin = findUser('admin.bkn')!;
let pool: TestUserPool;
/** The claims of the emulator's own ID tokens, by username, as it signed them (filled in beforeAll). */
const real = new Map<string, JWTPayload>();
const validPayload = (user = budi) => ({ ...real.get(user.username)!, iat: NOW, exp: NOW + HOUR });
const HEADER = { alg: 'RS256', kid: 'CognitoLocal', typ: 'JWT' };

interface Forgery {
  label: string;
  token: string;
}
const forgery = (label: string, token: string): Forgery => ({ label, token });
const notIn = (allowed: readonly unknown[]) => (v: unknown) => !allowed.includes(v);

/** One defect on an otherwise valid token: each alone must make it fail verification. Built once the pool exists. */
const forgeries = (): fc.Arbitrary<Forgery> => fc.oneof(
  // Signed with someone else's RSA key under the pool's key id, or with an HMAC keyed by anything,
  // the public key included (the classic RS256/HS256 confusion).
  fc.constantFrom(...OTHER_KEYS).map((key) => forgery('another RSA key', jwt(HEADER, validPayload(), rs256(key)))),
  fc.tuple(
    fc.oneof(fc.constantFrom(PUBLIC_PEM, JSON.stringify(PUBLIC_JWK), Buffer.from(PUBLIC_JWK.n!, 'base64url').toString('latin1')), hostileString.filter((k) => k.length > 0)),
    fc.constantFrom('HS256', 'HS384', 'HS512'),
  ).map(([key, alg]) => forgery(`${alg} keyed with ${key.slice(0, 12)}`, jwt({ ...HEADER, alg }, validPayload(), (input) => hmac(input, key, alg === 'HS384' ? 'sha384' : alg === 'HS512' ? 'sha512' : 'sha256')))),
  // Unsigned, in every spelling; with an empty, a random or the real signature.
  fc.tuple(fc.constantFrom('none', 'None', 'NONE', 'nOnE', ''), fc.constantFrom('empty', 'random', 'real'), fc.base64String({ minLength: 4, maxLength: 64 }))
    .map(([alg, sig, random]) => forgery(`alg ${JSON.stringify(alg)}, ${sig} signature`, jwt({ ...HEADER, alg }, validPayload(admin), (input) => (sig === 'empty' ? '' : sig === 'random' ? random.replaceAll('=', '') : rs256(POOL_KEY)(input))))),
  // Another algorithm named in the header over the real RS256 signature, or PS256 signed with the very key.
  fc.oneof(fc.constantFrom('RS384', 'RS512', 'ES256', 'PS256', 'EdDSA', 'rs256', 'RS256 ', 'RS-256'), hostileString, hostileJson).filter(notIn(['RS256']))
    .map((alg) => forgery(`alg ${JSON.stringify(alg)?.slice(0, 20)}`, jwt({ ...HEADER, alg }, validPayload()))),
  fc.constant(null).map(() => forgery('PS256 with the pool key', jwt({ ...HEADER, alg: 'PS256' }, validPayload(), ps256))),
  // A key id the pool has not (the JWKS holds one key), or none.
  fc.oneof(hostileString, fc.constantFrom('cognitolocal', 'CognitoLocal ', '', undefined)).filter(notIn(['CognitoLocal']))
    .map((kid) => forgery(`kid := ${JSON.stringify(kid)?.slice(0, 20)}`, jwt({ ...HEADER, kid }, validPayload()))),
  // Expired (a second ago up to ten years), or not valid for at least an hour yet.
  fc.integer({ min: 1, max: 10 * YEAR }).map((ago) => forgery(`expired ${ago}s ago`, jwt(HEADER, { ...validPayload(), iat: NOW - ago - HOUR, exp: NOW - ago }))),
  fc.integer({ min: HOUR, max: 10 * YEAR }).map((ahead) => forgery(`valid only in ${ahead}s`, jwt(HEADER, { ...validPayload(), nbf: NOW + ahead }))),
  // Time claims that are no times.
  fc.tuple(fc.constantFrom('exp', 'nbf', 'iat'), hostileJson.filter((v) => typeof v !== 'number'))
    .map(([claim, v]) => forgery(`${claim} := ${JSON.stringify(v)?.slice(0, 20)}`, jwt(HEADER, { ...validPayload(), [claim]: v }))),
  // Another issuer (another pool, https, a trailing slash) or audience, or none.
  fc.oneof(hostileJson, hostileString, fc.constantFrom(pool.issuer.replace('http:', 'https:'), `${pool.issuer}/`, `${pool.endpoint}/local_Another`, pool.endpoint, [pool.issuer], undefined)).filter(notIn([pool.issuer]))
    .map((iss) => forgery(`iss := ${JSON.stringify(iss)?.slice(0, 20)}`, jwt(HEADER, { ...validPayload(), iss }))),
  fc.oneof(hostileJson, hostileString, fc.constantFrom(pool.clientId.toUpperCase(), `${pool.clientId} `, 'another-client', ['other'], [], undefined))
    .filter((aud) => aud !== pool.clientId && !(Array.isArray(aud) && aud.includes(pool.clientId)))
    .map((aud) => forgery(`aud := ${JSON.stringify(aud)?.slice(0, 20)}`, jwt(HEADER, { ...validPayload(), aud }))),
  // Not an ID token: an access token's use, or none; the API reads claims only ID tokens carry.
  fc.oneof(hostileJson, hostileString, fc.constantFrom('access', 'ID', 'id ', undefined)).filter(notIn(['id']))
    .map((use) => forgery(`token_use := ${JSON.stringify(use)?.slice(0, 20)}`, jwt(HEADER, { ...validPayload(), token_use: use }))),
  // Claims the verifier requires, missing.
  fc.constantFrom('sub', 'exp', 'token_use').map((claim) => forgery(`no ${claim}`, jwt(HEADER, Object.fromEntries(Object.entries(validPayload()).filter(([k]) => k !== claim))))),
  // A valid token with another payload or header spliced in: the signature no longer covers it.
  fc.tuple(fc.constantFrom(admin, findUser('auditor.bkn')!, findUser('ver.kanreg1')!), fc.boolean()).map(([user, header]) => {
    const [h, p, s] = jwt(HEADER, validPayload()).split('.') as [string, string, string];
    return header
      ? forgery('header swapped', `${b64(JSON.stringify({ ...HEADER, typ: user.username }))}.${p}.${s}`)
      : forgery(`payload swapped for ${user.username}`, `${h}.${b64(JSON.stringify(validPayload(user)))}.${s}`);
  }),
  // The signature bent: truncated, one character changed or added (so that its bytes change), or dropped.
  fc.tuple(fc.nat(), fc.constantFrom('A', 'b', '_', '-', '0'), fc.constantFrom('truncate', 'change', 'append', 'drop')).map(([at, c, how]) => {
    const token = jwt(HEADER, validPayload());
    const dot = token.lastIndexOf('.');
    const signature = token.slice(dot + 1);
    const i = at % signature.length;
    const bent =
      how === 'truncate' ? signature.slice(0, i)
      : how === 'change' ? `${signature.slice(0, i)}${signature[i] === c ? (c === 'A' ? 'B' : 'A') : c}${signature.slice(i + 1)}`
      : how === 'append' ? `${signature}${c}AAA`
      : '';
    return forgery(`signature ${how} at ${i}`, `${token.slice(0, dot + 1)}${bent}`);
  }).filter(({ token }) => {
    // Only bytes that differ make a forgery. The same bytes spelled otherwise (base64url's last
    // character carries spare bits; padding; the other alphabet) are the same signature, and jose
    // takes some of those spellings: malleable encoding, not a forgery.
    const original = jwt(HEADER, validPayload()).split('.')[2]!;
    const bent = token.split('.')[2] ?? '';
    return !Buffer.from(bent, 'base64url').equals(Buffer.from(original, 'base64url'));
  }),
  // Critical header extensions nobody understands; the unencoded-payload option JWTs may not use.
  fc.oneof(fc.constant<unknown>(['x-pantau']), fc.constant<unknown>(['b64']), fc.constant<unknown>([]), hostileJson)
    .map((crit) => forgery(`crit ${JSON.stringify(crit)?.slice(0, 20)}`, jwt({ ...HEADER, crit, ...(Array.isArray(crit) && crit[0] === 'b64' ? { b64: false } : {}), 'x-pantau': 1 }, validPayload()))),
  // A duplicated alg whose last word is "none".
  fc.constant(null).map(() => forgery('alg RS256 then none', jwt('{"alg":"RS256","kid":"CognitoLocal","alg":"none","typ":"JWT"}', validPayload()))),
  // Payloads that are no claim sets.
  fc.oneof(hostileString, hostileJson.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => JSON.stringify(v) ?? 'null'))
    .map((payload) => forgery('payload not a claim set', jwt(HEADER, payload))),
  // Not a JWS at all.
  fc.oneof(hostileString, fc.array(fc.base64String({ maxLength: 40 }), { minLength: 0, maxLength: 6 }).map((parts) => parts.join('.')), fc.constantFrom('', '.', '..', '...', 'a.b.c', 'Bearer', 'null', 'eyJ.eyJ.eyJ'))
    .map((text) => forgery('garbage', text)),
);
let forged: fc.Arbitrary<Forgery>;

// --- the local stack's gateway, in process ------------------------------------------------------

let gateway: Gateway;
let doc: DynamoDBDocumentClient;
let tableName: string;
let handlerCalls = 0;
let writes: string[] = [];
const counts = { verifier: 0, gatewayForged: 0, gatewayClaims: 0, authorization: 0, trackingLinks: 0 };
/** The ring the handler checks tracking links with, so forgeries can start from a real token. */
const ring = testKeyRing();
const startedAt = Date.now();

async function snapshot(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  items.sort((a, b) => `${a.pk}\u0000${a.sk}`.localeCompare(`${b.pk}\u0000${b.sk}`));
  return `${items.length}:${createHash('sha256').update(canonicalJson(items)).digest('hex')}`;
}

beforeAll(async () => {
  ({ doc, tableName } = await freshTable());
  await seed(doc, tableName, '2026-11-02');
  // A pool of this file's own on the run's cognito-local, with the seeded accounts (sub = subjectOf(username), as npm start makes them).
  pool = await createTestUserPool();
  await seedAccounts(pool.admin, pool.userPoolId, users);
  for (const user of [budi, admin, findUser('auditor.bkn')!, findUser('ver.kanreg1')!]) real.set(user.username, decodeJwt((await pool.signIn(user.username, LOCAL_PASSWORD)).IdToken!));
  forged = forgeries();
  const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined } as never;
  const api = createApiHandler({ trackingLinks: testTrackingLinks(ring), identity: noIdentity, documentStore: testDocumentStore(), doc, tableName, clock: { now: () => new Date() }, logger: quiet }) as unknown as ApiHandler;
  const spied: ApiHandler = (event, context) => {
    handlerCalls++;
    return api(event, context);
  };
  gateway = await startGateway({ port: 0, handler: spied, verify: pool.verify, log: null });
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const name = (context as { commandName?: string }).commandName ?? '';
      if (/^(Put|Update|Delete|BatchWrite|TransactWrite|ExecuteStatement|ExecuteTransaction)/.test(name)) writes.push(name);
      return result;
    },
    { step: 'initialize', name: 'fuzzWriteSpy' },
  );
});

afterAll(async () => {
  await gateway?.close();
  await pool?.destroy();
  const total = counts.verifier + counts.gatewayForged + counts.gatewayClaims + counts.authorization + counts.trackingLinks;
  console.log(
    `fuzz (tokens): ${total} cases in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${counts.verifier} forged tokens against the JWKS verifier, ` +
      `${counts.gatewayForged} over HTTP to the local gateway, ${counts.authorization} bad Authorization headers, ${counts.gatewayClaims} signed tokens with malformed claims, ${counts.trackingLinks} forged tracking links; none verified, no 5xx, every answer as documented, no write but the bad links' counters`,
  );
});

async function request(path: string, authorization: string | undefined, init: { method?: string; body?: unknown } = {}) {
  // Every answer is also held to the OpenAPI document (test/support/contract.ts).
  const answer = await checkedFetch(`${gateway.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(authorization !== undefined ? { authorization } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json', 'idempotency-key': 'fuzz-tokens-0001' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: answer.status, type: answer.type, body: answer.body as Record<string, unknown> | undefined };
}

// A write attempt needs a route that writes: filing a leave as budi is one, when the token is good.
const leave = { serviceType: 'CUTI', payload: { jenisCuti: 'TAHUNAN', tanggalMulai: '2026-12-14', tanggalSelesai: '2026-12-15', alasan: 'Keperluan keluarga', alamatSelamaCuti: 'Sleman' }, documents: [{ code: 'FORMULIR_CUTI', reference: 'dms://x' }] };
// And a documents write: an upload grant, on a number nobody holds, so an actor that should not have been made gets a 404, not a grant.
const grantAsked = { contentType: 'application/pdf', size: 1_000, sha256: 'a'.repeat(64) };
const ROUTES = [
  { path: '/me' }, { path: '/proposals' }, { path: '/inbox' }, { path: '/proposals', method: 'POST', body: leave },
  { path: '/proposals/USL-0000-0000-0000/documents/FORMULIR_CUTI/uploads', method: 'POST', body: grantAsked },
];
const headerSafe = (text: string) => /^[\x20-\x7e]*$/.test(text) && text.length < 8_000;

describe('tokens the local verifier must refuse', () => {
  it('accepts the emulator\'s own tokens, and what the forgeries are made from (else the rest proves nothing)', async () => {
    await expect(pool.verify((await pool.signIn('budi', LOCAL_PASSWORD)).IdToken!)).resolves.toMatchObject({ 'cognito:username': 'budi', token_use: 'id' });
    await expect(pool.verify(jwt(HEADER, validPayload()))).resolves.toMatchObject({ 'cognito:username': 'budi' });
    const me = await request('/me', `Bearer ${jwt(HEADER, validPayload())}`);
    expect(me.status).toBe(200);
  });

  it('never verifies a forged, expired, not-yet-valid, wrongly signed, unsigned or garbage token (in process)', async () => {
    await fc.assert(
      fc.asyncProperty(forged, async ({ token }) => {
        counts.verifier++;
        const verdict = await pool.verify(token).then(() => 'verified', (error: unknown) => (error instanceof Error ? 'refused' : 'odd rejection'));
        expect(verdict).toBe('refused');
      }),
      runs(2_000),
    );
  });

  it('over HTTP, the gateway answers each with 401 problem+json and never calls the handler', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(forged.filter(({ token }) => headerSafe(token)), fc.constantFrom(...ROUTES), fc.constantFrom('Bearer ', 'bearer ', 'BEARER  '), async ({ token }, route, scheme) => {
        counts.gatewayForged++;
        const calls = handlerCalls;
        writes = [];
        const answer = await request(route.path, `${scheme}${token}`, route);
        expect(answer.status).toBe(401);
        expect(answer.type).toBe('application/problem+json');
        expect(answer.body?.code).toBe('UNAUTHENTICATED');
        expect(handlerCalls).toBe(calls);
        expect(writes).toEqual([]);
      }),
      runs(400),
    );
    expect(await snapshot()).toBe(before);
  });

  it('an Authorization header that is not a bearer token is a 401 before the handler', async () => {
    const good = jwt(HEADER, validPayload());
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom('Basic YnVkaTpidWRp', 'Bearer', 'Bearer ', `Token ${good}`, `${good}`, `Bearer ${good} ${good}`, `Bearer ${good},${good}`, `Bearer\t${good}x`, `Bearer "${good}"`, `JWT ${good}`, `Bearer ${good}.`, `Bearer .${good}`),
          hostileString.filter(headerSafe).filter((s) => !s.includes(good)),
        ),
        async (authorization) => {
          counts.authorization++;
          const calls = handlerCalls;
          const answer = await request('/me', authorization);
          expect(answer.status).toBe(401);
          expect(answer.type).toBe('application/problem+json');
          expect(handlerCalls).toBe(calls);
        },
      ),
      runs(200),
    );
    expect(await snapshot()).toBe(before);
  });
});

describe('signed tokens whose claims make no actor', () => {
  it('reach the handler and get a 401 or 403 problem+json with a listed code, never a 5xx, never a write', async () => {
    const orgIds = organisations.map((o) => o.id);
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(malformedClaims(claimsOf(budi), orgIds, asApiGateway), fc.constantFrom(...ROUTES), async ({ claims }, route) => {
        writes = [];
        const token = jwt(HEADER, { ...claims, iss: pool.issuer, aud: pool.clientId, token_use: 'id', iat: NOW, exp: NOW + HOUR });
        // Node's HTTP parser answers 431 itself past 16 KiB of headers (API Gateway's limit is lower still).
        fc.pre(token.length < 8_000);
        counts.gatewayClaims++;
        const answer = await request(route.path, `Bearer ${token}`, route);
        expect([401, 403]).toContain(answer.status);
        expect(answer.type).toBe('application/problem+json');
        expect(ERROR_CODES).toContain(answer.body?.code);
        expect(writes).toEqual([]);
      }),
      runs(500),
    );
    expect(await snapshot()).toBe(before);
  });
});

describe('tracking-link tokens the page must refuse', () => {
  const MAC_CHARS = Math.ceil((TRACKING_MAC_BYTES * 4) / 3);
  const urlSafe = (text: string) => /^[A-Za-z0-9_-]+$/.test(text);
  /** One defect on the number's real token, or no token of ours at all. */
  const badTokens = (id: string): fc.Arbitrary<string> => {
    const real = signTrackingToken(ring, id);
    return fc.oneof(
      fc.tuple(fc.nat({ max: MAC_CHARS }), fc.constantFrom(...'ABab01_-'.split(''))).filter(([at, c]) => real[at] !== c).map(([at, c]) => real.slice(0, at) + c + real.slice(at + 1)),
      fc.constant(null).map(() => signTrackingToken(testKeyRing(), id)),
      fc.constantFrom(...'bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('')).map((key) => key + real.slice(1)),
      fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/).filter((t) => t !== real),
      fc.constantFrom(real.slice(0, -1), `${real}A`, real.toUpperCase() === real ? real.toLowerCase() : real.toUpperCase(), `${real}${real}`).filter((t) => t !== real),
      hostileString.filter((t) => t.length > 0 && t.length < 2_000 && t !== real).map((t) => (urlSafe(t) ? t : encodeURIComponent(t.replace(/[\ud800-\udfff]/g, 'x')))),
    );
  };

  it('over HTTP, each is the not-found page of an unknown number, counted, until the lock holds for the valid link too', async () => {
    const filed = await request('/proposals', `Bearer ${(await pool.signIn('budi', LOCAL_PASSWORD)).IdToken!}`, { method: 'POST', body: leave });
    expect(filed.status).toBe(201);
    const id = String(filed.body!.id);
    const link = trackingPath(id, signTrackingToken(ring, id));
    const open = (path: string) => checkedFetch(`${gateway.url}${path}`, { headers: { accept: BROWSER_ACCEPT } });
    expect((await open(link)).status).toBe(200);
    const notFound = (await open(trackingPath('USL-0000-0000-0000', signTrackingToken(ring, 'USL-0000-0000-0000')))).text;
    let failures = 0;
    // The lock counts per clock hour, and this handler runs on the real clock.
    const hourNow = () => new Date().toISOString().slice(0, 13);
    let hour = hourNow();
    await fc.assert(
      fc.asyncProperty(badTokens(id), async (token) => {
        counts.trackingLinks++;
        if (hourNow() !== hour) [hour, failures] = [hourNow(), 0];
        const calls = handlerCalls;
        writes = [];
        const answer = await open(`/t/${id}/${token}`);
        // Public: the handler itself answers, never the gateway's 401.
        expect(handlerCalls).toBe(calls + 1);
        expect(answer.type).toBe('text/html; charset=utf-8');
        if (failures < TRACKING_FAILURES_PER_HOUR) {
          expect(answer.status).toBe(404);
          expect(answer.text).toBe(notFound);
          expect(writes).toEqual(['UpdateItemCommand']);
          failures++;
        } else {
          expect(answer.status).toBe(429);
          expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
          expect(writes).toEqual([]);
        }
        expect(parsePage(answer.text).text).not.toContain(budi.name);
      }),
      runs(150),
    );
    expect((await open(link)).status).toBe(failures >= TRACKING_FAILURES_PER_HOUR ? 429 : 200);
  });
});

describe('what the fuzzer found, kept as plain cases', () => {
  it('a signed token with a list claim holding an object whose toString is no function is a 401, not a 500 from the gateway', async () => {
    const token = jwt(HEADER, { ...validPayload(), 'custom:roles': [{ toString: 1 }] });
    const answer = await request('/me', `Bearer ${token}`);
    expect(answer.status).toBe(401);
    expect(answer.body?.code).toBe('UNAUTHENTICATED');
  });
});
