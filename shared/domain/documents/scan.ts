import * as z from 'zod';
import type { ScanResult } from './types';

/**
 * GuardDuty Malware Protection for S3's result event on EventBridge (detail-type "GuardDuty
 * Malware Protection Object Scan Result"), the fields Pantau reads. The local stand-in scanner
 * emits the same shape, so one handler serves both.
 */
export const scanResultEventSchema = z.object({
  source: z.literal('aws.guardduty'),
  'detail-type': z.literal('GuardDuty Malware Protection Object Scan Result'),
  time: z.string().optional(),
  detail: z.object({
    scanStatus: z.string(),
    resourceType: z.literal('S3_OBJECT'),
    s3ObjectDetails: z.object({ bucketName: z.string(), objectKey: z.string(), versionId: z.string().nullish() }),
    scanResultDetails: z.object({
      scanResultStatus: z.string(),
      threats: z.array(z.object({ name: z.string() })).nullish(),
    }),
  }),
});
export type ScanResultEvent = z.infer<typeof scanResultEventSchema>;

/** The scan's result as Pantau keeps it: clean, harmful, or anything else (unsupported, denied, failed), which is never served. */
export function verdictOf(event: ScanResultEvent, at: string): ScanResult {
  const { scanResultStatus, threats } = event.detail.scanResultDetails;
  if (scanResultStatus === 'NO_THREATS_FOUND') return { status: 'CLEAN', at };
  if (scanResultStatus === 'THREATS_FOUND') return { status: 'THREATS', at, detail: (threats ?? []).map((t) => t.name).join(', ').slice(0, 200) || 'THREATS_FOUND' };
  return { status: 'FAILED', at, detail: scanResultStatus.slice(0, 60) };
}

/** The EICAR test file's signature: what every malware scanner flags, harmless by design. */
export const EICAR_SIGNATURE = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * The local stand-in's verdict on a file's bytes: THREATS when it carries the EICAR signature,
 * clean otherwise. It proves the path (verdict, quarantine, notices), not the detection.
 */
export function standInVerdict(bytes: Uint8Array): 'NO_THREATS_FOUND' | 'THREATS_FOUND' {
  return Buffer.from(bytes).includes(EICAR_SIGNATURE) ? 'THREATS_FOUND' : 'NO_THREATS_FOUND';
}
