import { spawn } from 'node:child_process';
import path from 'node:path';
import { seedDemo } from '@grounded/api';
import { repoRoot } from '@grounded/core';
import { adminAuth, type BenchContext, closeServer, listen, startContainer } from './context';
import { emptyResult, type SectionResult } from './report';

/**
 * Issue #7 reliability, part 4 (`npm run bench -- --only load`): 50 concurrent clients held for
 * 60 s on loopback against the demo API (PGlite, or PostgreSQL when DATABASE_URL is set; in-process
 * queue, USE-lite, extractive answers; rate limits off), 25 on hybrid search and 25 on chat at once. Goal: 0 errors and 0
 * non-2xx answers; p50 and p99 per route. `--quick` holds them for 10 s. The short variant that
 * CI runs is apps/api/test/reliability/load.e2e.test.ts.
 */
interface Target {
  label: string;
  path: string;
  body: string;
  connections: number;
}

interface LoadFigures {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** autocannon in its own process, so the load generator does not run on the server's event loop. */
function autocannon(
  url: string,
  target: Target,
  seconds: number,
  auth: Record<string, string>,
): Promise<LoadFigures> {
  const bin = path.join(repoRoot(), 'node_modules', '.bin', 'autocannon');
  // A generous timeout: a slow answer under load is measured as latency, not hidden as an error.
  const args = ['-j', '-c', String(target.connections), '-d', String(seconds), '-t', '60', '-m', 'POST'];
  // `[<id>]` in the body becomes a random id per request: every question is new.
  if (target.body.includes('[<id>]')) args.push('-I');
  for (const [name, value] of Object.entries(auth)) args.push('-H', `${name}=${value}`);
  args.push('-H', 'content-type=application/json', '-b', target.body, `${url}${target.path}`);
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
          requests: { average: number; total: number };
          latency: { p50: number; p90: number; p99: number; max: number };
          non2xx: number;
          errors: number;
          timeouts: number;
        };
        resolve({
          requests: json.requests.total,
          requestsPerSecond: json.requests.average,
          p50: json.latency.p50,
          p90: json.latency.p90,
          p99: json.latency.p99,
          max: json.latency.max,
          non2xx: json.non2xx,
          errors: json.errors,
          timeouts: json.timeouts,
        });
      } catch (error) {
        reject(new Error(`autocannon exited ${code}: ${err.slice(-500)}`, { cause: error }));
      }
    });
  });
}

/**
 * The demo API on PGlite, or, when the run has DATABASE_URL, its own API on PostgreSQL (own
 * schema, dropped afterwards): the production shape. `overrides` (settings, {} for the defaults)
 * start a container of their own; null takes the bench's shared demo server (query cache off).
 */
async function server(
  context: BenchContext,
  overrides: Record<string, string> | null,
): Promise<{
  url: string;
  auth: Record<string, string>;
  collectionId: string;
  database: string;
  dispose(): Promise<void>;
}> {
  if (!context.env.databaseUrl && overrides === null) {
    const demo = await context.demoServer();
    return { ...demo, collectionId: demo.collection.id, database: 'PGlite', dispose: async () => undefined };
  }
  const schema = `bench_load_${process.pid}_${Date.now()}`;
  const started = await startContainer({
    ...(context.env.databaseUrl ? { DATABASE_URL: context.env.databaseUrl, DATABASE_SCHEMA: schema } : {}),
    // On PostgreSQL the shared demo server's setting, query cache off, when none are given.
    ...(overrides ?? { QUERY_CACHE_SIZE: '0' }),
  });
  const collection = await seedDemo(started.container);
  await started.container.indexes.ready(collection);
  const { url, server: http } = await listen(started.container);
  return {
    url,
    auth: await adminAuth(started.container),
    collectionId: collection.id,
    database: context.env.databaseUrl ? 'PostgreSQL' : 'PGlite',
    async dispose() {
      await closeServer(http);
      if (context.env.databaseUrl)
        await started.container.db.query(`drop schema if exists "${schema}" cascade`);
      await started.dispose();
    },
  };
}

/**
 * Every request asks the same question, as the bench always has. With the query-vector cache
 * (QUERY_CACHE_SIZE, the default) the question is embedded once per tenant. Two more runs show
 * the model's cost: every question new (a random reference number in each, default settings),
 * which embeds each question once, for search and answerer alike; and the cache off, where a chat
 * embeds its question twice (retrieval, then the answerer's sentence similarity). All three are
 * measured in the same run.
 */
const CONFIGURATIONS: ReadonlyArray<{
  label: string;
  overrides: Record<string, string> | null;
  newQuestions?: boolean;
}> = [
  { label: 'query cache on (default)', overrides: {} },
  { label: 'every question new (default settings)', overrides: {}, newQuestions: true },
  { label: 'query cache off (every question embedded, twice in chat)', overrides: null },
];

export async function run(context: BenchContext): Promise<SectionResult> {
  const result = emptyResult('load');
  for (const configuration of CONFIGURATIONS) {
    const demo = await server(context, configuration.overrides);
    try {
      await measure(context, demo, result, configuration.label, configuration.newQuestions ?? false);
    } finally {
      await demo.dispose();
    }
  }
  const failures = result.goals.filter((goal) => goal.name.startsWith('0 errors') && !goal.met);
  // Marks the run failed (exit 1) while keeping the tables.
  if (failures.length > 0) result.error = `load: ${failures.map((goal) => goal.measured).join('; ')}`;
  result.notes.push(
    'The server, its models and both autocannon processes share the same cores.',
    'PGlite runs on a thread of its own (issue #16): the request thread sends it one statement at a time and serves connections meanwhile. Its statements still take turns on its one connection.',
  );
  return result;
}

async function measure(
  context: BenchContext,
  demo: Awaited<ReturnType<typeof server>>,
  result: SectionResult,
  configuration: string,
  newQuestions: boolean,
): Promise<void> {
  const seconds = context.quick ? 10 : 60;
  const question = newQuestions
    ? 'How long is the free trial for account [<id>]?'
    : 'How long is the free trial?';
  const targets: Target[] = [
    {
      label: 'POST /v1/collections/:id/search (hybrid, k 5)',
      path: `/v1/collections/${demo.collectionId}/search`,
      body: JSON.stringify({ query: question, k: 5, mode: 'hybrid' }),
      connections: 25,
    },
    {
      label: 'POST /v1/chat (extractive, JSON)',
      path: '/v1/chat',
      body: JSON.stringify({ collectionId: demo.collectionId, message: question }),
      connections: 25,
    },
  ];
  // Both answer before the load starts (a broken route would otherwise read as a fast error rate).
  for (const target of targets) {
    const response = await fetch(`${demo.url}${target.path}`, {
      method: 'POST',
      headers: { ...demo.auth, 'content-type': 'application/json' },
      body: target.body,
    });
    if (!response.ok)
      throw new Error(`${target.label} answered ${response.status}: ${await response.text()}`);
  }
  const clients = targets.reduce((sum, t) => sum + t.connections, 0);
  context.log(`load: ${clients} concurrent clients for ${seconds} s`);
  const figures = await Promise.all(
    targets.map((target) => autocannon(demo.url, target, seconds, demo.auth)),
  );
  const total = figures.reduce(
    (sum, f) => ({ errors: sum.errors + f.errors + f.timeouts, non2xx: sum.non2xx + f.non2xx }),
    { errors: 0, non2xx: 0 },
  );
  result.tables.push({
    title: `autocannon on loopback: ${clients} concurrent clients for ${seconds} s (search and chat at once), demo API on ${demo.database}, rate limits off, ${configuration}`,
    columns: [
      'route',
      'clients',
      'requests',
      'req/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'non-2xx',
      'errors',
    ],
    rows: targets.map((target, i) => {
      const f = figures[i]!;
      return [
        target.label,
        target.connections,
        f.requests,
        f.requestsPerSecond,
        f.p50,
        f.p90,
        f.p99,
        f.max,
        f.non2xx,
        f.errors + f.timeouts,
      ];
    }),
  });
  result.goals.push(
    {
      name: `0 errors: ${clients} concurrent clients for ${seconds} s, ${configuration}`,
      target: '0 errors, 0 non-2xx',
      measured: `${total.errors} errors, ${total.non2xx} non-2xx`,
      met: total.errors === 0 && total.non2xx === 0,
    },
    {
      name: `p99 of search and chat on ${demo.database}, ${configuration}`,
      target: '≤ 1,000 ms each',
      measured: figures
        .map((f, i) => `${targets[i]!.label.split(' (')[0]} ${Math.round(f.p99)} ms`)
        .join(', '),
      met: figures.every((f) => f.p99 <= 1000),
    },
  );
  const data = (result.data ?? {}) as Record<string, unknown>;
  data[configuration] = {
    seconds,
    clients,
    results: targets.map((target, i) => ({ target: target.label, ...figures[i] })),
  };
  result.data = data;
}
