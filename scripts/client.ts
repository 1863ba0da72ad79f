import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLIENT_SCHEMA_FILE, clientSchema } from './client-schema';

/**
 * `npm run client`: regenerates client/schema.d.ts, the types client/index.ts is typed by, from the
 * OpenAPI document. Run it after changing a route or a schema, and commit the file: a unit test
 * (test/unit/client.test.ts) fails while it is stale.
 */
const file = resolve(CLIENT_SCHEMA_FILE);
const text = await clientSchema();
writeFileSync(file, text);
process.stdout.write(`${file}: ${text.split('\n').length} lines\n`);
