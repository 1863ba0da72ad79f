import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { documentedRoutes } from '../functions/api/routes';
import { openApiDocument } from '../shared/http/openapi';

/**
 * `npm run openapi [-- <file>]`: writes the OpenAPI document that GET /openapi.json serves to
 * openapi.json at the repository's root (or <file>), for client generators and reviews. It is
 * generated from the routes' zod schemas each time: never edit it, run this again.
 */
const file = resolve(process.argv[2] ?? 'openapi.json');
const document = openApiDocument(documentedRoutes());
writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
const operations = Object.values(document.paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0);
process.stdout.write(`${file}: OpenAPI ${document.openapi}, ${operations} operations, ${Object.keys(document.components.schemas).length} schemas\n`);
