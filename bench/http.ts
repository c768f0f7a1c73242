import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { type BenchContext, closeServer } from './context';
import { emptyResult, type SectionResult } from './report';

interface Target {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/**
 * autocannon runs in its own process, so the load generator does not share the server's event
 * loop (on 2 cores it still shares the CPU; both servers pay that alike).
 */
function autocannon(
  url: string,
  target: Target,
  seconds: number,
  connections: number,
  auth: Record<string, string>,
): Promise<LoadResult> {
  const bin = path.join(repoRoot(), 'node_modules', '.bin', 'autocannon');
  const args = ['-j', '-c', String(connections), '-d', String(seconds), '-m', target.method];
  // The same headers go to both servers, so the bare one parses the same request bytes.
  for (const [name, value] of Object.entries(auth)) args.push('-H', `${name}=${value}`);
  if (target.body) args.push('-H', 'content-type=application/json', '-b', target.body);
  args.push(`${url}${target.path}`);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const json = JSON.parse(out) as {
          requests: { average: number };
          latency: { p50: number; p99: number };
          non2xx: number;
          errors: number;
        };
        resolve({
          requestsPerSecond: json.requests.average,
          p50: json.latency.p50,
          p99: json.latency.p99,
          non2xx: json.non2xx,
          errors: json.errors,
        });
      } catch (error) {
        reject(new Error(`autocannon exited ${code}: ${err.slice(-500)}`, { cause: error }));
      }
    });
  });
}

/** The baseline: node:http answering the API's exact bytes for each path, with no work at all. */
async function bareServer(
  payloads: Map<string, { type: string; body: Buffer }>,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const payload = payloads.get(req.url ?? '');
      if (!payload) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': payload.type, 'content-length': payload.body.length });
      res.end(payload.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

export async function run(context: BenchContext): Promise<SectionResult> {
  const result = emptyResult('http');
  const demo = await context.demoServer();
  const seconds = context.quick ? 2 : 10;
  const connections = 10;
  const searchPath = `/v1/collections/${demo.collection.id}/search`;
  const targets: Target[] = [
    { label: 'GET /health', method: 'GET', path: '/health' },
    {
      label: 'POST search, mode bm25 (no query embedding)',
      method: 'POST',
      path: searchPath,
      body: JSON.stringify({ query: 'How long is the free trial?', k: 5, mode: 'bm25' }),
    },
    {
      label: 'POST search, mode hybrid (embeds the query)',
      method: 'POST',
      path: `${searchPath}?hybrid`,
      body: JSON.stringify({ query: 'How long is the free trial?', k: 5, mode: 'hybrid' }),
    },
  ];
  // Capture the API's real response bytes, so the bare server sends the same payload.
  const payloads = new Map<string, { type: string; body: Buffer }>();
  for (const target of targets) {
    const response = await fetch(`${demo.url}${target.path}`, {
      method: target.method,
      headers: { ...demo.auth, ...(target.body ? { 'content-type': 'application/json' } : {}) },
      ...(target.body ? { body: target.body } : {}),
    });
    if (!response.ok) throw new Error(`${target.label} answered ${response.status}`);
    payloads.set(target.path, {
      type: response.headers.get('content-type') ?? 'application/json',
      body: Buffer.from(await response.arrayBuffer()),
    });
  }
  const bare = await bareServer(payloads);
  const rows: (string | number)[][] = [];
  const raw: Record<string, unknown>[] = [];
  try {
    for (const target of targets) {
      context.log(`http: ${target.label}`);
      const base = await autocannon(bare.url, target, seconds, connections, demo.auth);
      const api = await autocannon(demo.url, target, seconds, connections, demo.auth);
      if (api.non2xx > 0 || api.errors > 0)
        result.notes.push(`${target.label}: ${api.non2xx} non-2xx, ${api.errors} errors`);
      const bytes = payloads.get(target.path)?.body.length ?? 0;
      rows.push(
        [`${target.label} — bare node:http (baseline)`, bytes, base.requestsPerSecond, base.p50, base.p99, 1],
        [
          `${target.label} — API`,
          bytes,
          api.requestsPerSecond,
          api.p50,
          api.p99,
          api.requestsPerSecond / base.requestsPerSecond,
        ],
      );
      raw.push({ target: target.label, bare: base, api });
    }
  } finally {
    await closeServer(bare.server);
  }
  result.tables.push({
    title: `autocannon on loopback, ${connections} connections, ${seconds} s each (API: Express 5, auth, zod, PGlite, demo collection; rate limits off)`,
    columns: ['target', 'body bytes', 'req/s', 'p50 ms', 'p99 ms', 'req/s × bare'],
    rows,
  });
  result.notes.push(
    'There is no search cache in the API yet, so the search rows run a real search per request (bm25: BM25 + chunk rows from PGlite; hybrid: also a USE-lite query embedding).',
    'The bare server answers the byte-identical payload captured from the API, so the ratio is the cost of the framework plus the work.',
  );
  result.data = { seconds, connections, results: raw };
  return result;
}
