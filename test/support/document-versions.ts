import { createHash } from 'node:crypto';
import { DomainError } from '../../shared/domain/errors';
import type { ContentType, DocumentVersion, ScanResult } from '../../shared/domain/documents/types';
import { expect } from 'vitest';

/** What the unit tests of documents build files and versions from: bytes, their hash, a version of them. */
export const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** First bytes of each kept type, then a little body: enough for the signature checks, nothing more. */
export const FIRST_BYTES: Record<ContentType, Buffer> = {
  'application/pdf': Buffer.from('%PDF-1.7\n'),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
};

/** A file of `type` whose content is `text`: the type's first bytes, then the text. */
export const fileOf = (type: ContentType, text: string): Buffer => Buffer.concat([FIRST_BYTES[type], Buffer.from(text)]);

export const CLEAN: ScanResult = { status: 'CLEAN', at: '2026-11-02T02:00:05.000Z' };

/** A registered version of `code` (a PDF scanned clean unless told otherwise). */
export function versionOf(proposalId: string, code: string, version: number, overrides: Partial<DocumentVersion> = {}): DocumentVersion {
  const hash = overrides.sha256 ?? sha(`${proposalId}/${code}/${version}`);
  return {
    proposalId,
    code,
    version,
    sha256: hash,
    size: 2048,
    contentType: 'application/pdf',
    key: `${proposalId}/${code}/${hash}`,
    registeredAt: '2026-11-02T02:00:00.000Z',
    registeredBy: { userId: 'user-op.sleman', role: 'OPERATOR' },
    scan: CLEAN,
    ...overrides,
  };
}

/** Runs `fn`, which must refuse with `code`; answers the error for a closer look. */
export function refusal(fn: () => unknown, code: string): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code, JSON.stringify((error as DomainError).details)).toBe(code);
    return error as DomainError;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}
