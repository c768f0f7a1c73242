import type { Backend, CliAnswer, CliCollection, CliJob, CliUpload } from './backend';
import { CliError } from './backend';

const ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Whether a grounded server answers at `url` (its liveness route), within `timeoutMs`. */
export async function serverAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const body = (await response.json()) as { status?: unknown };
    return body.status === 'ok';
  } catch {
    return false;
  }
}

/** The CLI against a running server: every write goes through the server that owns the data. */
export function createHttpBackend(options: { url: string; key: string }): Backend {
  const base = options.url.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${options.key}` };

  async function call<T>(method: string, path: string, body?: unknown, allow404 = false): Promise<T | null> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...headers,
          ...(body !== undefined && !(body instanceof FormData)
            ? { 'content-type': 'application/json' }
            : {}),
        },
        ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
      });
    } catch (error) {
      throw new CliError(`cannot reach the server at ${base}: ${(error as Error).message}`);
    }
    if (allow404 && response.status === 404) return null;
    const text = await response.text();
    if (!response.ok) {
      let reason = text.slice(0, 500);
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        if (parsed.error?.message) reason = `${parsed.error.code}: ${parsed.error.message}`;
      } catch {
        // Not our JSON error shape (a proxy's page): the start of the text is the best clue.
      }
      if (response.status === 401) reason += ' (check --key / GROUNDED_API_KEY)';
      throw new CliError(`${method} ${path} → ${response.status} ${reason}`);
    }
    return JSON.parse(text) as T;
  }

  return {
    where: `the server at ${base}`,
    async findCollection(ref) {
      if (ID.test(ref)) {
        const byId = await call<CliCollection>('GET', `/v1/collections/${ref}`, undefined, true);
        if (byId) return { id: byId.id, name: byId.name };
      }
      let after: string | null = null;
      do {
        const query: string = `?limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const page = (await call<{ items: CliCollection[]; nextAfter: string | null }>(
          'GET',
          `/v1/collections${query}`,
        ))!;
        const found = page.items.find((collection) => collection.name === ref);
        if (found) return { id: found.id, name: found.name };
        after = page.nextAfter;
      } while (after);
      return null;
    },
    async createCollection(name) {
      const created = (await call<CliCollection>('POST', '/v1/collections', { name }))!;
      return { id: created.id, name: created.name };
    },
    async upload(collectionId, file): Promise<CliUpload> {
      const form = new FormData();
      if (file.password !== undefined) form.append('password', file.password);
      form.append('file', new Blob([file.bytes]), file.filename);
      const outcome = (await call<{ document: { id: string }; duplicate: boolean; job: CliJob | null }>(
        'POST',
        `/v1/collections/${encodeURIComponent(collectionId)}/documents`,
        form,
      ))!;
      return { documentId: outcome.document.id, duplicate: outcome.duplicate, job: outcome.job };
    },
    job: (id) => call<CliJob>('GET', `/v1/jobs/${encodeURIComponent(id)}`, undefined, true),
    async ask(collectionId, question): Promise<CliAnswer> {
      const body = (await call<CliAnswer>('POST', '/v1/chat', { collectionId, message: question }))!;
      return { answer: body.answer, citations: body.citations };
    },
    async close() {},
  };
}
