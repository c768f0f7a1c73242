import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { removeTestData, startTestServer, type TestServer } from './test-server';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) the Express app serves, found by walking its router. */
function servedRoutes(stack: Layer[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) out.push(`${method} ${layer.route.path}`);
    } else if (layer.handle?.stack) {
      out.push(...servedRoutes(layer.handle.stack));
    }
  }
  return out;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('the OpenAPI document', () => {
  it('documents every route the app serves', async () => {
    const app = createApp(server.container) as unknown as { router: { stack: Layer[] } };
    const doc = (await (await fetch(`${server.url}/openapi.json`, { headers: server.auth })).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method} ${path.replace(/\{([A-Za-z]+)\}/g, ':$1')}`),
      ),
    );
    const served = servedRoutes(app.router.stack);
    expect(served.length).toBeGreaterThan(30);
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('is served to callers with a credential, as OpenAPI 3.1 with request schemas generated from zod', async () => {
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(401);
    const doc = (await (await fetch(`${server.url}/openapi.json`, { headers: server.auth })).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const search = doc.paths['/v1/collections/{collectionId}/search']!.post!.requestBody as {
      content: {
        'application/json': {
          schema: { properties: Record<string, unknown>; additionalProperties: unknown };
        };
      };
    };
    expect(Object.keys(search.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['query', 'k', 'mode', 'filter']),
    );
    expect(search.content['application/json'].schema.additionalProperties).toBe(false);
  });
});
