import { request } from 'node:http';
import { TenantsRepo } from '@grounded/access';
import { match } from 'path-to-regexp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer } from './test-server';

/**
 * Issue #12: authorization follows the router. Every route of the OpenAPI document × every kind of
 * caller × many spellings of its path; each answer must be the decision the declaration implies:
 * the route's roles for a path that names it, and a 404 for every caller when a spelling names no
 * route. Before the fix an agent created admin keys at `POST /V1/API-KEYS`.
 */
type Role = 'admin' | 'agent' | 'widget';
type Who = 'admin' | 'agent' | 'widget' | 'none' | 'foreign-admin';
interface Declared {
  method: string;
  path: string;
  roles: readonly Role[] | 'public';
}
type Decision = 'admitted' | 'unauthorized' | 'forbidden' | 'no-route';

const WIDGET_ORIGIN = 'https://shop.example';
let server: TestServer;
let routes: Declared[];
const credentials: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  const { apiKeys, widgetTokens, db } = server.container;
  credentials.admin = server.apiKey;
  credentials.agent = (await apiKeys.create({ tenantId: 'default', name: 'agent', role: 'agent' })).key;
  await new TenantsRepo(db).ensure('other');
  credentials['foreign-admin'] = (
    await apiKeys.create({ tenantId: 'other', name: 'other admin', role: 'admin' })
  ).key;
  const created = await fetch(`${server.url}/v1/collections`, {
    method: 'POST',
    headers: { ...server.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'matrix' }),
  });
  const collectionId = ((await created.json()) as { id: string }).id;
  credentials.widget = widgetTokens.mint({
    tenantId: 'default',
    collectionId,
    origins: [WIDGET_ORIGIN],
    ttlSeconds: 600,
  }).token;
  const doc = (await (await fetch(`${server.url}/openapi.json`, { headers: server.auth })).json()) as {
    paths: Record<string, Record<string, { security?: unknown[]; 'x-roles'?: Role[] }>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{([A-Za-z]+)\}/g, ':$1'),
      roles: operation.security?.length === 0 ? ('public' as const) : operation['x-roles']!,
    })),
  );
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

/** A raw request: fetch would normalise dot segments away before sending them. */
function send(method: string, path: string, who: Who): Promise<{ status: number; code: string | null }> {
  const { port } = new URL(server.url);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const credential = credentials[who as Exclude<Who, 'none'>];
  if (credential) headers.authorization = `Bearer ${credential}`;
  if (who === 'widget') {
    headers.origin = WIDGET_ORIGIN;
    headers['x-widget-visitor'] = 'matrix-visitor-0001';
  }
  const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? '{}' : null;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => {
        // Enough to read an error's code; a big success body (a CSV, metrics) is not needed whole.
        if (text.length < 4096) text += part;
      });
      res.on('end', () => {
        let code: string | null = null;
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
        } catch {
          // Not JSON: a success body of another type.
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function decisionOf(response: { status: number; code: string | null }): Decision {
  if (response.status === 401) return 'unauthorized';
  if (response.status === 403 && response.code === 'forbidden') return 'forbidden';
  if (response.status === 404 && response.code === 'route_not_found') return 'no-route';
  return 'admitted';
}

/** What the declarations say a caller gets for this method and exact path. */
function expectedDecision(method: string, path: string, who: Who): Decision {
  const pathOnly = path.split('?')[0]!;
  const route = routes.find(
    (r) => r.method === method && match(r.path, { sensitive: true, trailing: false })(pathOnly) !== false,
  );
  if (!route) return 'no-route';
  if (route.roles === 'public') return 'admitted';
  if (who === 'none') return 'unauthorized';
  const role: Role = who === 'foreign-admin' ? 'admin' : who;
  return route.roles.includes(role) ? 'admitted' : 'forbidden';
}

/** The canonical path with ids that exist nowhere, so that admitted calls change nothing. */
function canonical(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, 'zz_missing');
}

/** Other spellings of a path; each touches a literal segment (the last one, or the first). */
function spellings(path: string): Record<string, string> {
  const segments = path.split('/');
  const literal = segments.findLastIndex((s) => s !== '' && !s.startsWith(':') && s !== 'zz_missing');
  const at = (change: (segment: string) => string) =>
    segments.map((s, i) => (i === literal ? change(s) : s)).join('/');
  return {
    canonical: path,
    'upper case': path.toUpperCase(),
    'mixed case': at((s) => s.charAt(0).toUpperCase() + s.slice(1)),
    'trailing slash': `${path}/`,
    'double slash': path.replace(/^\/([^/]+)\//, '/$1//'),
    'leading double slash': `/${path}`,
    'dot segment': path.replace(/^\/([^/]+)\//, '/$1/./'),
    'dot-dot segment': path.replace(/^\/([^/]+)\//, '/$1/x/../'),
    'percent-encoded letter': at((s) => `%${s.charCodeAt(0).toString(16).toUpperCase()}${s.slice(1)}`),
    'matrix parameter': at((s) => `${s};jsessionid=1`),
  };
}

const WHO: Who[] = ['admin', 'agent', 'widget', 'none', 'foreign-admin'];

describe('issue #12: authorization follows the router', () => {
  it('gives every route × caller × spelling the decision its declaration implies', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const mismatches: string[] = [];
    let cases = 0;
    for (const route of routes) {
      for (const [spelling, path] of Object.entries(spellings(canonical(route.path)))) {
        // A preflight names a route or is a 404 like any other request.
        const preflight = await send('OPTIONS', path, 'none');
        cases++;
        if (preflight.status !== (expectedDecision(route.method, path, 'none') === 'no-route' ? 404 : 204)) {
          mismatches.push(`OPTIONS ${path} (${spelling}): got ${preflight.status}`);
        }
        await Promise.all(
          WHO.map(async (who) => {
            cases++;
            const response = await send(route.method, path, who);
            const expected = expectedDecision(route.method, path, who);
            const actual = decisionOf(response);
            if (actual !== expected || response.status >= 500) {
              mismatches.push(
                `${route.method} ${path} (${spelling}) as ${who}: expected ${expected}, got ${response.status} ${response.code}`,
              );
            }
          }),
        );
      }
    }
    console.log(`issue #12 matrix: ${cases} route × caller × spelling cases over ${routes.length} routes`);
    expect(mismatches).toEqual([]);
    // The spellings really differ from the route: most of them name no route at all.
    expect(cases).toBeGreaterThan(routes.length * WHO.length * 8);
  }, 180_000);

  it('issue #12: an agent cannot manage keys or collections by spelling the path another way', async () => {
    for (const [method, path] of [
      ['POST', '/V1/API-KEYS'],
      ['POST', '/v1/Api-Keys'],
      ['GET', '/V1/API-KEYS'],
      ['POST', '/V1/COLLECTIONS'],
      ['DELETE', '/V1/COLLECTIONS/zz_missing'],
    ] as const) {
      const response = await send(method, path, 'agent');
      expect(response, `${method} ${path}`).toEqual({ status: 404, code: 'route_not_found' });
    }
    const keys = await fetch(`${server.url}/v1/api-keys`, { headers: server.auth });
    const made = ((await keys.json()) as { items: { role: string }[] }).items;
    expect(made.filter((key) => key.role === 'admin')).toHaveLength(1);
  });
});
