import * as z from 'zod';
import { ERROR_CODES } from '../domain/errors';
import type { Route } from './router';

/**
 * The OpenAPI 3.1 document, generated from the routes and the zod schemas they validate with.
 * Success bodies are described loosely for now; requests and errors exactly.
 */
export function openApiDocument(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const querySchema = route.query ? (z.toJSONSchema(route.query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] }) : undefined;
    const queryParams = Object.entries(querySchema?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: querySchema?.required?.includes(name) ?? false, schema }));
    const headerParams = (route.headers ?? []).map((name) => ({ name, in: 'header', required: false, schema: { type: 'string' } }));
    const success = String(route.success ?? 200);
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').split('/').map((p) => p.charAt(0).toUpperCase() + p.slice(1).replace(/[^A-Za-z0-9]/g, '')).join('')}`,
      ...(route.access === 'public' ? { security: [] } : {}),
      parameters: [...pathParams, ...queryParams, ...headerParams],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: {
        [success]: { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        '4XX': { description: 'A problem with the request', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Pantau API', version: '0.1.0', description: 'Usulan layanan kepegawaian ASN: filing, stages, tracking.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string', enum: [...ERROR_CODES] },
            instance: { type: 'string' },
            details: { type: 'object' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
    security: [{ bearer: [] }],
  };
}
