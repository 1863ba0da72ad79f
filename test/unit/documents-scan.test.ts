import { describe, expect, it } from 'vitest';
import { createScanResultHandler } from '../../functions/scan-result/app';
import { EICAR_SIGNATURE, scanResultEventSchema, standInVerdict, verdictOf, type ScanResultEvent } from '../../shared/domain/documents/scan';
import type { ScanResult } from '../../shared/domain/documents/types';
import { EICAR_BYTES, pdfBytes } from '../support/documents';
import { fileOf, sha } from '../support/document-versions';

const AT = '2026-11-02T02:00:09.000Z';
const BUCKET = 'pantau-documents';
const KEY = `USL-2026-DOCS-0003/SK_JABATAN/${sha('SK jabatan')}`;

/** GuardDuty Malware Protection for S3's result event, as EventBridge hands it over (the fields Pantau reads, and a few it does not). */
function event(scanResultStatus: string, threats?: { name: string }[] | null, overrides: Record<string, unknown> = {}): ScanResultEvent {
  return {
    version: '0',
    id: 'c7d9b6a2-0000-4000-8000-000000000001',
    source: 'aws.guardduty',
    'detail-type': 'GuardDuty Malware Protection Object Scan Result',
    account: '111122223333',
    time: AT,
    region: 'ap-southeast-3',
    detail: {
      schemaVersion: '1.0',
      scanStatus: 'COMPLETED',
      resourceType: 'S3_OBJECT',
      s3ObjectDetails: { bucketName: BUCKET, objectKey: KEY, eTag: 'x', versionId: null, s3Throttled: false },
      scanResultDetails: { scanResultStatus, threats: threats === undefined ? null : threats },
    },
    ...overrides,
  } as unknown as ScanResultEvent;
}

const verdict = (e: ScanResultEvent) => verdictOf(scanResultEventSchema.parse(e), AT);

describe('the scan verdict, from GuardDuty’s result', () => {
  it('is CLEAN for NO_THREATS_FOUND, with no detail', () => {
    expect(verdict(event('NO_THREATS_FOUND'))).toEqual({ status: 'CLEAN', at: AT });
  });

  it('is THREATS for THREATS_FOUND, naming every threat (and the status when none is named)', () => {
    expect(verdict(event('THREATS_FOUND', [{ name: 'EICAR-Test-File (not a virus)' }]))).toEqual({ status: 'THREATS', at: AT, detail: 'EICAR-Test-File (not a virus)' });
    expect(verdict(event('THREATS_FOUND', [{ name: 'Trojan.PDF.Agent' }, { name: 'Exploit.CVE-2023-21608' }])).detail).toBe('Trojan.PDF.Agent, Exploit.CVE-2023-21608');
    expect(verdict(event('THREATS_FOUND', null)).detail).toBe('THREATS_FOUND');
    expect(verdict(event('THREATS_FOUND', [])).detail).toBe('THREATS_FOUND');
    // Names kept within what a staff view shows.
    expect(verdict(event('THREATS_FOUND', Array.from({ length: 40 }, (_, i) => ({ name: `Threat.${i}` })))).detail).toHaveLength(200);
  });

  it('is FAILED for UNSUPPORTED, ACCESS_DENIED and FAILED, and for a status it does not know: never served', () => {
    for (const status of ['UNSUPPORTED', 'ACCESS_DENIED', 'FAILED', 'SOMETHING_NEW']) {
      expect(verdict(event(status)), status).toEqual({ status: 'FAILED', at: AT, detail: status });
    }
  });

  it('refuses a malformed event: another source or type, not an S3 object, no key, no result, threats not a list', () => {
    const malformed: [string, unknown][] = [
      ['another source', event('NO_THREATS_FOUND', null, { source: 'aws.s3' })],
      ['another detail-type', event('NO_THREATS_FOUND', null, { 'detail-type': 'GuardDuty Finding' })],
      ['an EBS volume', { ...event('NO_THREATS_FOUND'), detail: { ...event('NO_THREATS_FOUND').detail, resourceType: 'EBS_VOLUME' } }],
      ['no object key', { ...event('NO_THREATS_FOUND'), detail: { ...event('NO_THREATS_FOUND').detail, s3ObjectDetails: { bucketName: BUCKET } } }],
      ['no result', { ...event('NO_THREATS_FOUND'), detail: { ...event('NO_THREATS_FOUND').detail, scanResultDetails: undefined } }],
      ['threats as text', { ...event('THREATS_FOUND'), detail: { ...event('THREATS_FOUND').detail, scanResultDetails: { scanResultStatus: 'THREATS_FOUND', threats: 'EICAR' } } }],
      ['not an object', 'THREATS_FOUND'],
      ['nothing', null],
    ];
    for (const [what, value] of malformed) expect(scanResultEventSchema.safeParse(value).success, what).toBe(false);
  });
});

describe('the verdict function', () => {
  function handlerWith() {
    const applied: [string, string, string, ScanResult][] = [];
    const warned: string[] = [];
    const handler = createScanResultHandler({
      documents: { applyVerdict: async (proposalId, code, hash, result) => void applied.push([proposalId, code, hash, result]) },
      bucket: BUCKET,
      clock: { now: () => new Date(AT) },
      logger: { info: () => {}, warn: (message: string) => void warned.push(message), error: () => {} },
    });
    return { handler, applied, warned };
  }

  it('records a verdict on the document its key names', async () => {
    const { handler, applied } = handlerWith();
    await handler(event('THREATS_FOUND', [{ name: 'EICAR-Test-File (not a virus)' }]));
    expect(applied).toEqual([['USL-2026-DOCS-0003', 'SK_JABATAN', sha('SK jabatan'), { status: 'THREATS', at: AT, detail: 'EICAR-Test-File (not a virus)' }]]);
  });

  it('drops, with a log line, a malformed event, another bucket’s object and a key Pantau did not make', async () => {
    const { handler, applied, warned } = handlerWith();
    await handler({ source: 'aws.guardduty', detail: {} });
    await handler({ ...event('NO_THREATS_FOUND'), detail: { ...event('NO_THREATS_FOUND').detail, s3ObjectDetails: { bucketName: 'someone-else', objectKey: KEY } } });
    await handler({ ...event('NO_THREATS_FOUND'), detail: { ...event('NO_THREATS_FOUND').detail, s3ObjectDetails: { bucketName: BUCKET, objectKey: 'uploads/SK jabatan.pdf' } } });
    expect(applied).toEqual([]);
    expect(warned).toHaveLength(3);
  });
});

describe('the local stand-in’s detection', () => {
  it('flags the EICAR test file, alone or inside another file', () => {
    expect(EICAR_BYTES.toString('latin1')).toBe(EICAR_SIGNATURE);
    expect(EICAR_SIGNATURE).toHaveLength(68);
    expect(standInVerdict(EICAR_BYTES)).toBe('THREATS_FOUND');
    expect(standInVerdict(Buffer.concat([Buffer.from('%PDF-1.4\n'), EICAR_BYTES, Buffer.from('\n%%EOF\n')]))).toBe('THREATS_FOUND');
  });

  it('passes a real PDF, an image, and a file with only part of the signature', () => {
    expect(standInVerdict(pdfBytes('SK pangkat terakhir'))).toBe('NO_THREATS_FOUND');
    expect(standInVerdict(fileOf('image/jpeg', 'foto'))).toBe('NO_THREATS_FOUND');
    expect(standInVerdict(Buffer.from(EICAR_SIGNATURE.slice(0, -1), 'latin1'))).toBe('NO_THREATS_FOUND');
    expect(standInVerdict(Buffer.from(EICAR_SIGNATURE.toLowerCase(), 'latin1'))).toBe('NO_THREATS_FOUND');
    expect(standInVerdict(new Uint8Array())).toBe('NO_THREATS_FOUND');
  });
});
