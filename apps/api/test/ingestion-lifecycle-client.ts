import type { TestServer } from './test-server';

/**
 * A small HTTP client for the ingestion-lifecycle tests. It authenticates with the key the test
 * server exposes when it has one, else with an admin key created for the default tenant.
 */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface JobView {
  id: string;
  status: string;
  attempts: number;
  error: string | null;
  progress: Record<string, unknown>;
  result: Record<string, unknown> | null;
  finishedAt: string | null;
}

export interface SearchHitView {
  chunkId: string;
  documentId: string;
  score: number;
  ranks: { bm25?: number; vector?: number };
  text: string;
  start: number;
  end: number;
  page: number | null;
  headingPath: string[];
}

export interface ApiClient {
  request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  upload<T = Record<string, unknown>>(
    path: string,
    file: { bytes: Uint8Array; filename: string; type?: string },
    fields?: Record<string, string>,
    method?: 'POST' | 'PUT',
  ): Promise<ApiResponse<T>>;
  waitForJob(jobId: string, timeoutMs?: number): Promise<JobView>;
  search(
    collectionId: string,
    body: Record<string, unknown>,
  ): Promise<ApiResponse<{ results: SearchHitView[] }>>;
  /** Points the client at a restarted server (the key lives in the database and stays valid). */
  use(server: TestServer): void;
}

async function credentialFor(server: TestServer): Promise<string | null> {
  const exposed = server as unknown as { apiKey?: string; adminKey?: string };
  if (exposed.apiKey) return exposed.apiKey;
  if (exposed.adminKey) return exposed.adminKey;
  const apiKeys = (server.container as unknown as { apiKeys?: TestServer['container']['apiKeys'] }).apiKeys;
  if (!apiKeys) return null;
  const { key } = await apiKeys.create({ tenantId: 'default', name: 'ingestion-lifecycle', role: 'admin' });
  return key;
}

export async function apiClient(initial: TestServer): Promise<ApiClient> {
  let url = initial.url;
  const key = await credentialFor(initial);
  const auth: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};

  async function parse<T>(response: Response): Promise<ApiResponse<T>> {
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  const client: ApiClient = {
    async request(method, path, body) {
      const send = () =>
        fetch(`${url}${path}`, {
          method,
          headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      // A GET may meet a keep-alive socket the server closed a moment ago (ECONNRESET) when the
      // server was busy past its keep-alive timeout; GETs are safe to send again.
      for (let attempt = 1; ; attempt++) {
        try {
          return await parse(await send());
        } catch (error) {
          if (method !== 'GET' || attempt === 3 || !(error instanceof TypeError)) throw error;
        }
      }
    },
    async upload(path, file, fields = {}, method = 'POST') {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append(
        'file',
        new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }),
        file.filename,
      );
      return parse(await fetch(`${url}${path}`, { method, headers: auth, body: form }));
    },
    async waitForJob(jobId, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await client.request<JobView>('GET', `/v1/jobs/${jobId}`);
        if (['succeeded', 'failed', 'cancelled'].includes(body.status)) return body;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    search(collectionId, body) {
      return client.request('POST', `/v1/collections/${collectionId}/search`, body);
    },
    use(server) {
      url = server.url;
    },
  };
  return client;
}

/** The shared state a test needs to start a server again on the same data. */
export function sharedDataOf(server: TestServer): { dataDir: string; schema: string; queue: string } {
  const { config } = server.container;
  return { dataDir: server.dataDir, schema: config.DATABASE_SCHEMA ?? 'unused', queue: config.QUEUE_NAME };
}

/** A markdown handbook whose sections each become one chunk (headings start chunks). */
export function handbook(sections: number, seed: string, edit?: { section: number; text: string }): string {
  const parts = [`# ${seed} handbook`];
  for (let i = 1; i <= sections; i++) {
    parts.push(
      `## ${seed} topic ${i}`,
      edit?.section === i
        ? edit.text
        : `Rule ${i} of the ${seed} handbook says that request number ${i * 7} must be filed within ${i + 2} days. ` +
            `Staff in office ${i} confirm the ${seed} procedure with reference code ${seed.toUpperCase()}-${i * 13}.`,
    );
  }
  return parts.join('\n\n');
}
