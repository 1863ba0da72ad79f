import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createPantauClient, type Schema } from '../../client';
import { referenceLists } from '../../shared/domain/reference';
import { CLIENT_SCHEMA_FILE, clientSchema } from '../../scripts/client-schema';

/** A fetch that records what it was asked and answers as told. */
function recordingFetch(answer: (request: Request) => Response) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return answer(request);
  };
  return { fetch, requests };
}
const json = (body: unknown, status = 200, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('the typed client (client/)', () => {
  it('is typed by a schema generated from the current OpenAPI document', async () => {
    const committed = readFileSync(CLIENT_SCHEMA_FILE, 'utf8');
    const generated = await clientSchema();
    expect(generated === committed, 'client/schema.d.ts is stale: run npm run client').toBe(true);
    expect(generated).toContain('getReferenceLists: {');
  }, 30_000);

  it('type-checks strictly, the generated declarations included (the project’s tsc skips .d.ts files)', () => {
    const program = ts.createProgram(['client/index.ts'], {
      strict: true, noUncheckedIndexedAccess: true, skipLibCheck: false, noEmit: true, target: ts.ScriptTarget.ES2023, lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, verbatimModuleSyntax: true, types: [],
    });
    const ours = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName.includes('/client/'));
    expect(ours.map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)).toEqual([]);
    expect(program.getSourceFiles().map((f) => f.fileName).filter((name) => name.endsWith('client/schema.d.ts'))).toHaveLength(1);
  }, 60_000);

  it('sends the token as a Bearer authorization, to the base URL, and reads the answer as the document types it', async () => {
    const { fetch, requests } = recordingFetch(() => json(referenceLists()));
    const api = createPantauClient({ baseUrl: 'https://api.pantau.test/', token: 'eyJ.token', fetch });
    const { data, error } = await api.GET('/reference');
    expect(error).toBeUndefined();
    expect(requests.map((r) => [r.method, r.url, r.headers.get('authorization')])).toEqual([['GET', 'https://api.pantau.test/reference', 'Bearer eyJ.token']]);
    // Typed: the golongan codes are the document's enum, not any string.
    const golongan: Schema<'Reference'>['golongan'][number]['code'] | undefined = data?.golongan[0]?.code;
    expect(golongan).toBe('I/a');
  });

  it('fills path parameters, headers and the body, and gives a problem as the error, typed per status', async () => {
    const problem = { type: 'about:blank', title: 'Versi tidak cocok', status: 409, code: 'VERSION_CONFLICT', instance: '/proposals/USL-7K2M-9Q4D-H3XA/transitions' };
    const { fetch, requests } = recordingFetch(() => json(problem, 409, 'application/problem+json'));
    const api = createPantauClient({ baseUrl: 'http://localhost:3000', token: 't', fetch });
    const { data, error, response } = await api.POST('/proposals/{id}/transitions', {
      params: { path: { id: 'USL-7K2M-9Q4D-H3XA' }, header: { 'If-Match': '"2"' } },
      body: { action: 'return', reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'Pindaian buram' }, missingItems: ['Formulir yang terbaca'] },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(409);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT' });
    const [sent] = requests;
    expect([sent!.method, sent!.url, sent!.headers.get('if-match'), sent!.headers.get('content-type')]).toEqual(['POST', 'http://localhost:3000/proposals/USL-7K2M-9Q4D-H3XA/transitions', '"2"', 'application/json']);
    expect(await sent!.json()).toEqual({ action: 'return', reason: { code: 'DOKUMEN_TIDAK_TERBACA', text: 'Pindaian buram' }, missingItems: ['Formulir yang terbaca'] });
  });

  it('sends no authorization without a token (the public routes)', async () => {
    const { fetch, requests } = recordingFetch(() => json({ status: 'ok', service: 'pantau' }));
    const { data } = await createPantauClient({ baseUrl: 'http://localhost:3000', fetch }).GET('/health');
    expect(data?.status).toBe('ok');
    expect(requests[0]!.headers.has('authorization')).toBe(false);
  });

  it('refuses at compile time what the document does not allow (tsc checks these lines)', () => {
    const api = createPantauClient({ baseUrl: 'http://localhost:3000', fetch: async () => json({}) });
    // Never sent: the calls only have to type-check, or fail to where marked.
    const typed = () => [
      // @ts-expect-error an action the document does not list
      api.POST('/proposals/{id}/transitions', { params: { path: { id: 'x' } }, body: { action: 'sumbit' } }),
      // @ts-expect-error a reason code the reference lists do not have
      api.POST('/proposals/{id}/transitions', { params: { path: { id: 'x' } }, body: { action: 'return', reason: { code: 'BURAM' } } }),
      // @ts-expect-error a path the API does not have
      api.GET('/proposal/{id}', { params: { path: { id: 'x' } } }),
      // @ts-expect-error the path parameter is required
      api.GET('/proposals/{id}', {}),
      api.GET('/proposals/{id}', { params: { path: { id: 'x' } } }),
    ];
    expect(typed).toBeTypeOf('function');
  });
});
