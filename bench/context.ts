import type { Server } from 'node:http';
import { type Container, createApp, seedDemo, startTempContainer } from '@grounded/api';
import type { Collection } from '@grounded/documents';

export interface BenchOptions {
  quick: boolean;
  million: boolean;
  /** Read once in run.ts, like apps/api reads its config; sections never touch process.env. */
  env: { databaseUrl?: string; redisUrl?: string };
}

/** A real API (PGlite, in-process queue, USE-lite, extractive answerer) with the demo collection. */
export interface DemoServer {
  container: Container;
  collection: Collection;
  url: string;
  /** Seconds the demo ingestion took (upload to all jobs finished). */
  seedSeconds: number;
  /** Headers that authenticate as an admin of the 'default' tenant (empty when the API has no auth). */
  auth: Record<string, string>;
}

export interface BenchContext extends BenchOptions {
  log(message: string): void;
  /** Started on first use and shared by the sections that need it (chat, http). */
  demoServer(): Promise<DemoServer>;
  close(): Promise<void>;
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** A container on the embedded defaults in a fresh temp folder, as `npm start` would build it. */
export const startContainer = startTempContainer;

interface ApiKeysLike {
  create(input: { tenantId: string; name: string; role: string }): Promise<{ key: string }>;
}

/** An admin key for the 'default' tenant when the container has API keys (issue #7); else no headers. */
export async function adminAuth(container: Container): Promise<Record<string, string>> {
  const apiKeys = (container as unknown as { apiKeys?: ApiKeysLike }).apiKeys;
  if (!apiKeys) return {};
  const { key } = await apiKeys.create({ tenantId: 'default', name: 'bench admin', role: 'admin' });
  return { authorization: `Bearer ${key}` };
}

export async function listen(container: Container): Promise<{ url: string; server: Server }> {
  const server: Server = await new Promise((resolve) => {
    const s = createApp(container).listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function createContext(options: BenchOptions): BenchContext {
  let demo: Promise<{ demo: DemoServer; dispose(): Promise<void> }> | undefined;
  return {
    ...options,
    log,
    demoServer() {
      demo ??= (async () => {
        // Every question runs the embedding model: the sections that time a request (chat,
        // http) ask the same demo questions again and again, and with the query cache they would
        // time a cache lookup. The load section measures the cache on a server of its own.
        const started = await startContainer({ QUERY_CACHE_SIZE: '0' });
        const seedStarted = performance.now();
        const collection = await seedDemo(started.container);
        const seedSeconds = (performance.now() - seedStarted) / 1000;
        await started.container.indexes.ready(collection);
        const { url, server } = await listen(started.container);
        const auth = await adminAuth(started.container);
        return {
          demo: { container: started.container, collection, url, seedSeconds, auth },
          async dispose() {
            await closeServer(server);
            await started.dispose();
          },
        };
      })();
      return demo.then((d) => d.demo);
    },
    async close() {
      if (demo) await (await demo).dispose();
    },
  };
}
