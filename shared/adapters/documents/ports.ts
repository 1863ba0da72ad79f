import type { ContentType } from '../../domain/documents/types';

/** A presigned upload: the method, URL and the headers the client must send exactly as given. */
export interface PresignedUpload {
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
}

/** What storage holds under a key, as registration checks it. */
export interface StoredObjectHead {
  size: number;
  /** Hex SHA-256 when storage kept the checksum it verified on upload (S3 does; an emulator may not). */
  sha256?: string;
}

/**
 * The documents bucket, as the use cases need it: S3 in the cloud, the S3 emulator on one machine.
 * Keys are Pantau's (`<proposal>/<code>/<sha256>`); nothing here knows what a proposal is.
 */
export interface DocumentStore {
  /** A PUT that stores exactly this file under this key: type, length and SHA-256 are signed, so S3 refuses any other. */
  presignUpload(input: { key: string; contentType: ContentType; size: number; sha256: string; expiresInSeconds: number }): Promise<PresignedUpload>;
  /** The object's size and kept checksum, or undefined when nothing is stored under the key. */
  head(key: string): Promise<StoredObjectHead | undefined>;
  /** The object's first bytes (its signature). */
  firstBytes(key: string, count: number): Promise<Uint8Array>;
  /** Hex SHA-256 of the whole object, computed from its bytes: for when storage kept none. */
  sha256Of(key: string): Promise<string>;
  /** A short-lived GET of the object, shown inline under a name Pantau chooses. */
  presignDownload(input: { key: string; contentType: ContentType; filename: string; expiresInSeconds: number }): Promise<string>;
}
