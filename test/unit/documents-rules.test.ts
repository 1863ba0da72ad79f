import { describe, expect, it } from 'vitest';
import { kenaikanPangkat } from '../../shared/domain/catalog/kenaikan-pangkat';
import { penetapanNip } from '../../shared/domain/catalog/penetapan-nip';
import { pensiun } from '../../shared/domain/catalog/pensiun';
import { pengangkatanPns } from '../../shared/domain/catalog/pengangkatan-pns';
import type { ServiceType } from '../../shared/domain/catalog/types';
import { attachDocument, issueGrant, type GrantTiming } from '../../shared/domain/documents/operations';
import {
  assertNothingRejected,
  assertReadyToSubmit,
  checkExternalReferences,
  checklist,
  checkStoredObject,
  checkUploadRequest,
  currentVersions,
  documentKey,
  documentsToFix,
  parseDocumentKey,
  SIGNATURE_BYTES,
  sniffType,
  versionState,
} from '../../shared/domain/documents/rules';
import { CONTENT_TYPES, DEFAULT_MAX_BYTES, DOCUMENT_STATES, type DocumentState, type DocumentVersion } from '../../shared/domain/documents/types';
import { verifyChain } from '../../shared/domain/proposal/history';
import { applyTransition, createProposal } from '../../shared/domain/proposal/lifecycle';
import type { Proposal } from '../../shared/domain/proposal/types';
import { fileOf, FIRST_BYTES, refusal, sha, versionOf } from '../support/document-versions';
import { ACTORS, EMPLOYEES, context } from '../support/fixtures';

const NOW = '2026-11-02T02:00:00.000Z';
const TIMING: GrantTiming = { now: NOW, uploadSeconds: 900, registerSeconds: 86_400 };
const ID = 'USL-2026-DOCS-0001';

function promotionDraft(): Proposal {
  return createProposal({ id: ID, pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: [] }, context(ACTORS.opSleman, kenaikanPangkat)).proposal;
}

const declared = (bytes: Buffer, contentType = 'application/pdf') => ({ contentType, size: bytes.length, sha256: sha(bytes) });
const stored = (bytes: Buffer) => ({ size: bytes.length, sha256: sha(bytes), firstBytes: bytes.subarray(0, SIGNATURE_BYTES) });

describe('a file’s type, from its first bytes', () => {
  it('knows a PDF, a JPEG and a PNG by their signatures', () => {
    expect(sniffType(Buffer.from('%PDF-1.4\n%âãÏÓ'))).toBe('application/pdf');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe1]))).toBe('image/jpeg'); // EXIF, as phones write them
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    for (const type of CONTENT_TYPES) expect(sniffType(FIRST_BYTES[type])).toBe(type);
  });

  it('knows no other file, whatever it is called: a renamed ZIP, a Word file, text, HTML', () => {
    expect(sniffType(Buffer.from('PK\u0003\u0004 word/document.xml'))).toBeUndefined();
    expect(sniffType(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBeUndefined();
    expect(sniffType(Buffer.from('SK pangkat terakhir.pdf'))).toBeUndefined();
    expect(sniffType(Buffer.from('<html><body>%PDF-1.4'))).toBeUndefined();
    // A PDF signature must begin the file: one a byte in is not one.
    expect(sniffType(Buffer.from(' %PDF-1.4'))).toBeUndefined();
    expect(sniffType(Buffer.from('%PDF1.4'))).toBeUndefined();
  });

  it('knows nothing from a file shorter than its signature', () => {
    expect(SIGNATURE_BYTES).toBe(8);
    expect(sniffType(new Uint8Array())).toBeUndefined();
    expect(sniffType(Buffer.from('%PDF'))).toBeUndefined();
    expect(sniffType(Buffer.from([0xff, 0xd8]))).toBeUndefined();
    expect(sniffType(FIRST_BYTES['image/png'].subarray(0, 7))).toBeUndefined();
    expect(sniffType(FIRST_BYTES['image/png'].subarray(0, 8))).toBe('image/png');
  });

  it('keys a file by proposal, kind and hash, and reads no other key', () => {
    const hash = sha('x');
    expect(documentKey(ID, 'SK_JABATAN', hash)).toBe(`${ID}/SK_JABATAN/${hash}`);
    expect(parseDocumentKey(documentKey(ID, 'SK_JABATAN', hash))).toEqual({ proposalId: ID, code: 'SK_JABATAN', sha256: hash });
    for (const key of [`${ID}/SK_JABATAN/${hash.toUpperCase()}`, `${ID}/SK_JABATAN/${hash}.pdf`, `${ID}/../SK_JABATAN/${hash}`, `${ID}/SK_JABATAN/${hash.slice(1)}`, 'scan-me.pdf']) {
      expect(parseDocumentKey(key), key).toBeUndefined();
    }
  });
});

describe('an upload grant', () => {
  it('is refused for a kind the service does not ask for, naming the kinds it does', () => {
    const error = refusal(() => checkUploadRequest(kenaikanPangkat, 'IJAZAH', declared(fileOf('application/pdf', 'x'))), 'DOCUMENT_NOT_REQUIRED');
    expect(error.details).toMatchObject({ serviceType: 'KENAIKAN_PANGKAT', code: 'IJAZAH', required: ['SK_PANGKAT_TERAKHIR', 'SKP_DUA_TAHUN', 'SK_JABATAN'] });
  });

  it('is refused for a type the kind does not accept, and for a type Pantau keeps for no kind', () => {
    const photo = refusal(() => checkUploadRequest(pensiun, 'PAS_FOTO', { contentType: 'application/pdf', size: 1000, sha256: sha('p') }), 'VALIDATION_FAILED');
    expect(photo.issues).toEqual([{ path: 'contentType', message: 'PAS_FOTO accepts image/jpeg, image/png' }]);
    const zip = refusal(() => checkUploadRequest(pensiun, 'DPCP', { contentType: 'application/zip', size: 1000, sha256: sha('z') }), 'VALIDATION_FAILED');
    expect(zip.issues.map((i) => i.path)).toEqual(['contentType']);
    expect(checkUploadRequest(pensiun, 'PAS_FOTO', { contentType: 'image/png', size: 1000, sha256: sha('p') }).contentType).toBe('image/png');
    expect(checkUploadRequest(pensiun, 'DPCP', { contentType: 'image/jpeg', size: 1000, sha256: sha('d') }).contentType).toBe('image/jpeg');
  });

  it('is refused over the kind’s size limit, at one byte over and not at the limit', () => {
    const limits: [ServiceType, string, number][] = [
      [pensiun, 'PAS_FOTO', 1024 * 1024],
      [pensiun, 'DPCP', DEFAULT_MAX_BYTES],
      [penetapanNip, 'IJAZAH', 4 * 1024 * 1024],
    ];
    for (const [type, code, max] of limits) {
      const contentType = code === 'PAS_FOTO' ? 'image/jpeg' : 'application/pdf';
      expect(checkUploadRequest(type, code, { contentType, size: max, sha256: sha(code) }).requirement.code).toBe(code);
      const over = refusal(() => checkUploadRequest(type, code, { contentType, size: max + 1, sha256: sha(code) }), 'VALIDATION_FAILED');
      expect(over.issues).toEqual([{ path: 'size', message: `${code} accepts files up to ${max} bytes; this one has ${max + 1}` }]);
    }
  });

  it('names every problem at once: a type not accepted and a size over the limit', () => {
    const error = refusal(() => checkUploadRequest(pensiun, 'PAS_FOTO', { contentType: 'application/pdf', size: 5 * 1024 * 1024, sha256: sha('x') }), 'VALIDATION_FAILED');
    expect(error.issues.map((i) => i.path)).toEqual(['contentType', 'size']);
  });

  it('binds the upload to Pantau’s key for the file, the declared type, size and hash, and its two deadlines', () => {
    const bytes = fileOf('application/pdf', 'SK jabatan');
    const grant = issueGrant(promotionDraft(), kenaikanPangkat, ACTORS.opSleman, 'SK_JABATAN', { ...declared(bytes), sha256: sha(bytes).toUpperCase() }, [], 'grant-1', TIMING);
    expect(grant).toEqual({
      id: 'grant-1',
      proposalId: ID,
      code: 'SK_JABATAN',
      sha256: sha(bytes),
      size: bytes.length,
      contentType: 'application/pdf',
      key: `${ID}/SK_JABATAN/${sha(bytes)}`,
      issuedTo: ACTORS.opSleman.userId,
      issuedAt: NOW,
      uploadBy: '2026-11-02T02:15:00.000Z',
      registerBy: '2026-11-03T02:00:00.000Z',
    });
  });

  it('is refused for the same file as a version already there (its hash in any case), not for the same file under another kind', () => {
    const bytes = fileOf('application/pdf', 'SK jabatan');
    const there = [versionOf(ID, 'SK_JABATAN', 1, { sha256: sha(bytes) }), versionOf(ID, 'SK_JABATAN', 2)];
    for (const hash of [sha(bytes), sha(bytes).toUpperCase()]) {
      const error = refusal(() => issueGrant(promotionDraft(), kenaikanPangkat, ACTORS.opSleman, 'SK_JABATAN', { ...declared(bytes), sha256: hash }, there, 'g', TIMING), 'DOCUMENT_UNCHANGED');
      expect(error.details).toEqual({ code: 'SK_JABATAN', version: 1 });
    }
    expect(issueGrant(promotionDraft(), kenaikanPangkat, ACTORS.opSleman, 'SK_PANGKAT_TERAKHIR', declared(bytes), there, 'g', TIMING).code).toBe('SK_PANGKAT_TERAKHIR');
  });

  it('goes to the applicant alone, and only while they hold the proposal', () => {
    const bytes = fileOf('application/pdf', 'x');
    for (const other of [ACTORS.opYogya, ACTORS.apprSleman, ACTORS.sari, ACTORS.verKanreg1]) {
      refusal(() => issueGrant(promotionDraft(), kenaikanPangkat, other, 'SK_JABATAN', declared(bytes), [], 'g', TIMING), 'FORBIDDEN');
    }
    const submitted = applyTransition(promotionDraft(), { action: 'submit', expectedVersion: 1 }, { ...context(ACTORS.opSleman, kenaikanPangkat), documents: kenaikanPangkat.requiredDocuments.map((d, i) => versionOf(ID, d.code, 1, { size: 100 + i })) }).proposal;
    expect(submitted.status).toBe('IN_PROGRESS');
    refusal(() => issueGrant(submitted, kenaikanPangkat, ACTORS.opSleman, 'SK_JABATAN', declared(bytes), [], 'g', TIMING), 'TRANSITION_NOT_ALLOWED');
  });
});

describe('registering an upload', () => {
  const bytes = fileOf('application/pdf', 'SKP 2025 dan 2026');
  const grantFor = (file: Buffer, versions: DocumentVersion[] = []) => issueGrant(promotionDraft(), kenaikanPangkat, ACTORS.opSleman, 'SKP_DUA_TAHUN', declared(file), versions, 'grant-1', TIMING);

  it('accepts the object the grant was for', () => {
    expect(() => checkStoredObject(grantFor(bytes), stored(bytes))).not.toThrow();
  });

  it('names the size when the stored object has another length', () => {
    const error = refusal(() => checkStoredObject(grantFor(bytes), { ...stored(bytes), size: bytes.length + 1 }), 'DOCUMENT_MISMATCH');
    expect(error.issues).toEqual([{ path: 'size', message: `the stored file has ${bytes.length + 1} bytes; the grant was for ${bytes.length}` }]);
  });

  it('names the hash when the stored object is another file', () => {
    const error = refusal(() => checkStoredObject(grantFor(bytes), { ...stored(bytes), sha256: sha('another file') }), 'DOCUMENT_MISMATCH');
    expect(error.issues.map((i) => i.path)).toEqual(['sha256']);
  });

  it('names the type when the file is another kept type, or no type at all (a file renamed .pdf)', () => {
    const png = refusal(() => checkStoredObject(grantFor(bytes), { ...stored(bytes), firstBytes: FIRST_BYTES['image/png'] }), 'DOCUMENT_MISMATCH');
    expect(png.issues).toEqual([{ path: 'contentType', message: 'the file is image/png, not application/pdf' }]);
    const word = refusal(() => checkStoredObject(grantFor(bytes), { ...stored(bytes), firstBytes: Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000') }), 'DOCUMENT_MISMATCH');
    expect(word.issues).toEqual([{ path: 'contentType', message: 'the file does not begin as application/pdf does' }]);
    refusal(() => checkStoredObject(grantFor(bytes), { ...stored(bytes), firstBytes: Buffer.from('%PDF') }), 'DOCUMENT_MISMATCH');
  });

  it('names size, hash and type together when all three differ', () => {
    const error = refusal(() => checkStoredObject(grantFor(bytes), { size: 3, sha256: sha('abc'), firstBytes: Buffer.from('abc') }), 'DOCUMENT_MISMATCH');
    expect(error.issues.map((i) => i.path)).toEqual(['size', 'sha256', 'contentType']);
  });

  it('makes the next version, and an attach event carrying its hash, size and type on the chain', () => {
    const draft = promotionDraft();
    const first = attachDocument(draft, kenaikanPangkat, ACTORS.opSleman, grantFor(bytes), stored(bytes), [], undefined, NOW);
    expect(first.version).toMatchObject({ code: 'SKP_DUA_TAHUN', version: 1, sha256: sha(bytes), size: bytes.length, contentType: 'application/pdf', scan: { status: 'PENDING' }, registeredBy: { role: 'OPERATOR' } });
    expect(first.change.event).toMatchObject({ type: 'attach', seq: 2, fromStatus: 'DRAFT', toStatus: 'DRAFT', document: { code: 'SKP_DUA_TAHUN', version: 1, sha256: sha(bytes), size: bytes.length, contentType: 'application/pdf' } });
    const again = fileOf('application/pdf', 'SKP, pindaian ulang');
    const second = attachDocument(first.change.proposal, kenaikanPangkat, ACTORS.opSleman, grantFor(again, [first.version]), stored(again), [first.version], undefined, NOW);
    expect(second.version.version).toBe(2);
    expect(verifyChain([createProposal({ id: ID, pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: [] }, context(ACTORS.opSleman, kenaikanPangkat)).event, first.change.event, second.change.event], second.change.proposal).valid).toBe(true);
  });

  it('keeps a verdict that came before registration', () => {
    const early = { status: 'THREATS' as const, at: NOW, detail: 'EICAR-Test-File' };
    expect(attachDocument(promotionDraft(), kenaikanPangkat, ACTORS.opSleman, grantFor(bytes), stored(bytes), [], early, NOW).version.scan).toEqual(early);
  });

  it('refuses a grant past its date, and the same file registered twice', () => {
    const grant = grantFor(bytes);
    refusal(() => attachDocument(promotionDraft(), kenaikanPangkat, ACTORS.opSleman, grant, stored(bytes), [], undefined, '2026-11-03T02:00:00.001Z'), 'UPLOAD_GRANT_EXPIRED');
    expect(() => attachDocument(promotionDraft(), kenaikanPangkat, ACTORS.opSleman, grant, stored(bytes), [], undefined, '2026-11-03T02:00:00.000Z')).not.toThrow();
    const there = versionOf(ID, 'SKP_DUA_TAHUN', 1, { sha256: sha(bytes) });
    refusal(() => attachDocument(promotionDraft(), kenaikanPangkat, ACTORS.opSleman, grant, stored(bytes), [there], undefined, NOW), 'DOCUMENT_UNCHANGED');
  });
});

describe('the checklist and each document’s state', () => {
  const state = (overrides: Partial<DocumentVersion>) => versionState(versionOf(ID, 'SK_JABATAN', 1, overrides));
  const review = (decision: 'ACCEPTED' | 'REJECTED') => ({ decision, by: { userId: 'u', name: 'n', role: 'APPROVER' as const, orgId: 'PEMKAB-SLEMAN' }, at: NOW, stage: 'PERSETUJUAN_PYB', ...(decision === 'REJECTED' ? { reason: { code: 'DOKUMEN_TIDAK_TERBACA' } } : {}) });

  it('reads the scan first and the review after it', () => {
    expect(state({ scan: { status: 'PENDING' } })).toBe('SCANNING');
    expect(state({})).toBe('CLEAN');
    expect(state({ scan: { status: 'THREATS', at: NOW } })).toBe('QUARANTINED');
    expect(state({ scan: { status: 'FAILED', at: NOW } })).toBe('SCAN_FAILED');
    expect(state({ review: review('ACCEPTED') })).toBe('ACCEPTED');
    expect(state({ review: review('REJECTED') })).toBe('REJECTED');
    // A review never makes a harmful or unscanned file anything else.
    expect(state({ scan: { status: 'THREATS', at: NOW }, review: review('ACCEPTED') })).toBe('QUARANTINED');
    expect(state({ scan: { status: 'PENDING' }, review: review('ACCEPTED') })).toBe('SCANNING');
  });

  it('reaches every state there is', () => {
    const reached = new Set<DocumentState>();
    const one = (versions: DocumentVersion[], reference?: string) => {
      const entry = checklist(pensiun, versions, reference ? [{ code: 'SK_CPNS', reference }] : []).find((e) => e.code === 'SK_CPNS')!;
      reached.add(entry.state);
      return entry.state;
    };
    expect(one([])).toBe('MISSING');
    expect(one([], 'dms://sk-cpns')).toBe('EXTERNAL');
    for (const overrides of [{ scan: { status: 'PENDING' as const } }, {}, { scan: { status: 'THREATS' as const } }, { scan: { status: 'FAILED' as const } }, { review: review('ACCEPTED') }, { review: review('REJECTED') }]) {
      one([versionOf(ID, 'SK_CPNS', 1, overrides)]);
    }
    expect([...reached].sort()).toEqual([...DOCUMENT_STATES].sort());
  });

  it('counts the newest version, whatever order the versions come in, and lists them oldest first', () => {
    const v1 = versionOf(ID, 'SK_JABATAN', 1, { review: review('REJECTED') });
    const v2 = versionOf(ID, 'SK_JABATAN', 2, { scan: { status: 'PENDING' } });
    const v3 = versionOf(ID, 'SK_JABATAN', 3);
    expect(currentVersions([v3, v1, v2]).get('SK_JABATAN')).toBe(v3);
    const entry = checklist(kenaikanPangkat, [v2, v3, v1], []).find((e) => e.code === 'SK_JABATAN')!;
    expect(entry).toMatchObject({ state: 'CLEAN', current: v3, stateLabel: { id: 'Siap diperiksa', en: 'Ready for review' } });
    expect(entry.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    // The rejected first version counts for nothing once a newer one is there.
    expect(documentsToFix(checklist(kenaikanPangkat, [v1, v3], []))).toEqual([]);
    expect(documentsToFix(checklist(kenaikanPangkat, [v1], []))).toEqual(['SK_JABATAN']);
  });

  it('takes an external reference only where the catalog allows one; an upload wins over it', () => {
    const refs = [{ code: 'SK_CPNS', reference: 'dms://sk-cpns' }, { code: 'DPCP', reference: 'dms://dpcp' }];
    const entries = checklist(pensiun, [], refs);
    expect(entries.find((e) => e.code === 'SK_CPNS')).toMatchObject({ state: 'EXTERNAL', reference: 'dms://sk-cpns' });
    expect(entries.find((e) => e.code === 'DPCP')!.state).toBe('MISSING');
    const uploaded = checklist(pensiun, [versionOf(ID, 'SK_CPNS', 1)], refs).find((e) => e.code === 'SK_CPNS')!;
    expect(uploaded.state).toBe('CLEAN');
    expect(uploaded.reference).toBeUndefined();

    expect(checkExternalReferences(pensiun, refs)).toEqual([
      { path: 'documents.1.code', message: 'DPCP must be uploaded (POST /proposals/{id}/documents/DPCP/uploads); it cannot be a reference' },
    ]);
    expect(checkExternalReferences(kenaikanPangkat, kenaikanPangkat.requiredDocuments.map((d) => ({ code: d.code, reference: `dms://${d.code}` })))).toEqual([]);
    expect(checkExternalReferences(pengangkatanPns, pengangkatanPns.requiredDocuments.map((d) => ({ code: d.code, reference: 'x' }))).map((i) => i.path)).toEqual(['documents.1.code', 'documents.2.code', 'documents.3.code', 'documents.4.code']);
    // Filing with one is refused with the field named.
    const filing = refusal(
      () => createProposal({ id: ID, pinHash: 'x', subject: { employee: EMPLOYEES.sari }, payload: kenaikanPangkat.examplePayload, documents: [{ code: 'SK_JABATAN', reference: 'dms://x' }] }, context(ACTORS.opSleman, { ...kenaikanPangkat, requiredDocuments: kenaikanPangkat.requiredDocuments.map(({ externalIn: _dropped, ...d }) => d) })),
      'VALIDATION_FAILED',
    );
    expect(filing.issues.map((i) => i.path)).toEqual(['documents.0.code']);
  });

  it('lets a proposal go on with every document clean, accepted or kept elsewhere, and names each one that is not', () => {
    const ok = checklist(pensiun, [versionOf(ID, 'DPCP', 1), versionOf(ID, 'SK_PANGKAT_TERAKHIR', 1, { review: review('ACCEPTED') }), ...['SURAT_PERNYATAAN_TIDAK_HUKDIS', 'SUSUNAN_KELUARGA', 'PAS_FOTO'].map((c) => versionOf(ID, c, 1))], [{ code: 'SK_CPNS', reference: 'dms://x' }]);
    expect(ok.map((e) => e.state)).toEqual(['CLEAN', 'EXTERNAL', 'ACCEPTED', 'CLEAN', 'CLEAN', 'CLEAN']);
    expect(() => assertReadyToSubmit(ok)).not.toThrow();
    expect(() => assertNothingRejected(ok)).not.toThrow();

    const mixed = checklist(pensiun, [
      versionOf(ID, 'DPCP', 1, { scan: { status: 'PENDING' } }),
      versionOf(ID, 'SK_PANGKAT_TERAKHIR', 1, { review: review('REJECTED') }),
      versionOf(ID, 'SURAT_PERNYATAAN_TIDAK_HUKDIS', 1, { scan: { status: 'THREATS' } }),
      versionOf(ID, 'SUSUNAN_KELUARGA', 1, { scan: { status: 'FAILED' } }),
    ], []);
    const missing = refusal(() => assertReadyToSubmit(mixed), 'DOCUMENTS_MISSING');
    expect(missing.details).toEqual({
      missing: ['DPCP', 'SK_CPNS', 'SK_PANGKAT_TERAKHIR', 'SURAT_PERNYATAAN_TIDAK_HUKDIS', 'SUSUNAN_KELUARGA', 'PAS_FOTO'],
      documents: [
        { code: 'DPCP', state: 'SCANNING' }, { code: 'SK_CPNS', state: 'MISSING' }, { code: 'SK_PANGKAT_TERAKHIR', state: 'REJECTED' },
        { code: 'SURAT_PERNYATAAN_TIDAK_HUKDIS', state: 'QUARANTINED' }, { code: 'SUSUNAN_KELUARGA', state: 'SCAN_FAILED' }, { code: 'PAS_FOTO', state: 'MISSING' },
      ],
    });
    const blocked = refusal(() => assertNothingRejected(mixed), 'DOCUMENTS_REJECTED');
    expect(blocked.details).toEqual({ documents: [{ code: 'SK_PANGKAT_TERAKHIR', state: 'REJECTED' }, { code: 'SURAT_PERNYATAAN_TIDAK_HUKDIS', state: 'QUARANTINED' }, { code: 'SUSUNAN_KELUARGA', state: 'SCAN_FAILED' }] });
    expect(documentsToFix(mixed)).toEqual(['SK_PANGKAT_TERAKHIR', 'SURAT_PERNYATAAN_TIDAK_HUKDIS', 'SUSUNAN_KELUARGA']);
  });
});
