import type { S3Client } from '@aws-sdk/client-s3';

/** One request Pantau's own S3 client made (presigned URLs are made in process and are no request). */
export interface StorageCall {
  /** HeadObject, GetObject, ... and `GetObject (range)` for a ranged GET. */
  command: string;
  /** Bytes of the object the answer carried (its Content-Length): 0 for a HEAD. */
  bytes: number;
  failed?: string;
}

/**
 * Counts every request an S3 client sends, as the capacity meter does for DynamoDB. The middleware
 * sits at the deserialize step, which a presigned URL never reaches (the presigner stops the stack
 * at finalizeRequest and sends nothing), so signing an upload or a download counts as no request.
 */
export class StorageMeter {
  private calls: StorageCall[] = [];

  static attach(s3: S3Client): StorageMeter {
    const meter = new StorageMeter();
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const base = String(context.commandName ?? '?').replace(/Command$/, '');
        const input = args.input as { Range?: string };
        const command = input.Range ? `${base} (range)` : base;
        try {
          const result = await next(args);
          // At this step the answer may not be parsed yet: its length is the HTTP response's header.
          const response = result.response as { headers?: Record<string, string> } | undefined;
          const output = result.output as { ContentLength?: number } | undefined;
          const length = Number(response?.headers?.['content-length'] ?? output?.ContentLength ?? 0);
          meter.calls.push({ command, bytes: base === 'HeadObject' ? 0 : length });
          return result;
        } catch (error) {
          meter.calls.push({ command, bytes: 0, failed: (error as Error).name });
          throw error;
        }
      },
      { step: 'deserialize', name: 'benchStorageMeter', override: true },
    );
    return meter;
  }

  take(): StorageCall[] {
    const taken = this.calls;
    this.calls = [];
    return taken;
  }
}
