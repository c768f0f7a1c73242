import { z } from 'zod';
import type { RouteSpec } from './http/routes';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/**
 * The OpenAPI document, generated from the route declarations the router serves and the zod
 * schemas they validate with: a route cannot be served undocumented.
 */
export function buildOpenApi(routes: readonly RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of routes) {
    const path = doc.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = [
      ...[...doc.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(doc.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema: jsonSchema(schema as z.ZodType),
      })),
    ];
    const content: Record<string, unknown> = {};
    if (doc.body) content['application/json'] = { schema: jsonSchema(doc.body) };
    if (doc.form) {
      const form = jsonSchema(doc.form) as { properties?: Record<string, unknown> };
      content['multipart/form-data'] = {
        schema: {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', format: 'binary' }, ...form.properties },
        },
      };
    }
    paths[path] ??= {};
    paths[path][doc.method] = {
      summary: doc.summary,
      tags: [doc.tag],
      ...(doc.access === 'public' ? { security: [] } : { 'x-roles': doc.access }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(Object.keys(content).length > 0 ? { requestBody: { required: true, content } } : {}),
      responses: {
        '200': {
          description: 'OK',
          ...(doc.stream ? { content: { 'text/event-stream': { schema: { type: 'string' } } } } : {}),
        },
        '4XX': { description: 'Client error', content: { 'application/json': { schema: errorSchema } } },
        '5XX': { description: 'Server error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'grounded',
      version: '0.1.0',
      description:
        'Grounded, cited answers from your own documents; summaries, translation, sentiment batches.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
