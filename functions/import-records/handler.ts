/**
 * PLACEHOLDER, replaced by the records-import branch (issue 16): that branch owns this file and
 * its real handler (runs `importBatch` on the batch, writes its rejects to S3, returns the counts).
 * It exists here only so the import-map branch can bundle and synthesize the batch Lambda
 * (infra/cloud/constructs/records-import.ts). It refuses every batch, so a stack deployed with it
 * imports nothing and says why, instead of reporting rows as imported.
 */
export const handler = async (): Promise<never> => {
  const error = new Error('functions/import-records/handler.ts is the import-map placeholder: deploy with the records-import handler');
  error.name = 'ImportHandlerMissing';
  throw error;
};
