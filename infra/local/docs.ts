import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * GET /docs on the local stack: the API reference, Swagger UI reading this API's /openapi.json.
 * Its files come from node_modules (swagger-ui-dist, a devDependency), never from a CDN, and
 * nothing of it is in a cloud stage or in a Lambda bundle: the cloud API has no /docs route.
 *
 *   GET /docs                       the page
 *   GET /docs/init.js               starts Swagger UI on /openapi.json
 *   GET /docs/swagger-ui.css, /docs/swagger-ui-bundle.js, /docs/favicon-32x32.png
 */

type Result = APIGatewayProxyStructuredResultV2;

/** The only files served from the package, with their types: nothing else under it is reachable. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// Swagger UI sets inline styles and shows its icons as data: URIs; everything else is this origin.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Pantau API reference</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
  </head>
  <body>
    <div id="reference"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to a public validator for a badge.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  validatorUrl: null,
  persistAuthorization: true,
  displayOperationId: true,
  defaultModelsExpandDepth: 0,
});
`;

export interface DocsOptions {
  /** Where swagger-ui-dist is; found through node_modules unless told. */
  distDir?: string;
}

export function docsRoutes({ distDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')) }: DocsOptions = {}) {
  const files = new Map<string, Buffer>();
  const read = (name: string) => {
    let file = files.get(name);
    if (!file) files.set(name, (file = readFileSync(join(distDir, name))));
    return file;
  };

  return (event: APIGatewayProxyEventV2WithJWTAuthorizer): Result | undefined => {
    const path = event.rawPath.replace(/\/+$/, '');
    if (event.requestContext.http.method !== 'GET' || (path !== '/docs' && !path.startsWith('/docs/'))) return undefined;
    if (path === '/docs') return text(PAGE, 'text/html; charset=utf-8');
    if (path === '/docs/init.js') return text(INIT, 'text/javascript; charset=utf-8');
    const name = path.slice('/docs/'.length);
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!type) return undefined;
    const file = read(name);
    const binary = !type.startsWith('text/');
    return {
      statusCode: 200,
      headers: { 'content-type': type, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' },
      body: binary ? file.toString('base64') : file.toString('utf8'),
      isBase64Encoded: binary,
    };
  };
}

function text(body: string, type: string): Result {
  return {
    statusCode: 200,
    headers: { 'content-type': type, 'cache-control': 'no-store', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
    body,
  };
}
