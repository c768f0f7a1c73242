import type { TestServer } from './test-server';
import { waitForJob } from './test-server';

/** Small helpers shared by the chat, conversation, feedback and widget tests (issue #4). */

export interface SseEvent {
  event: string;
  data: unknown;
}

export async function postJson(
  server: TestServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...server.auth, ...headers },
    body: JSON.stringify(body),
  });
}

export async function getJson<T>(server: TestServer, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, { headers: server.auth });
  return { status: response.status, body: (await response.json()) as T };
}

/** Creates a collection and ingests markdown documents into it, waiting for the jobs. */
export async function collectionWith(server: TestServer, name: string, docs: string[]): Promise<string> {
  const created = await postJson(server, '/v1/collections', { name });
  if (created.status !== 201) throw new Error(`create collection: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  for (const [i, text] of docs.entries()) {
    const response = await postJson(server, `/v1/collections/${id}/documents`, {
      text,
      format: 'markdown',
      title: `doc ${i + 1}`,
    });
    const { job } = (await response.json()) as { job: { id: string } };
    const done = await waitForJob(server.url, job.id);
    if (done.status !== 'succeeded') throw new Error(`ingestion failed: ${JSON.stringify(done)}`);
  }
  return id;
}

/** Parses a complete SSE body; comment lines (heartbeats) are returned as event ':comment'. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/u)) {
    if (block.trim().length === 0) continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/u)) {
      if (line.startsWith(':')) events.push({ event: ':comment', data: line.slice(1).trim() });
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) {
      const joined = data.join('\n');
      events.push({ event, data: joined === '[DONE]' ? joined : JSON.parse(joined) });
    }
  }
  return events;
}

export async function chatSse(
  server: TestServer,
  body: unknown,
): Promise<{ status: number; events: SseEvent[] }> {
  const response = await postJson(server, '/v1/chat', body, { accept: 'text/event-stream' });
  return { status: response.status, events: parseSse(await response.text()) };
}

export const FAQ = `# Acme Cloud FAQ

## Free trial
The free trial of Acme Cloud lasts 30 days and needs no credit card. At the end of the trial your workspace is paused until you choose a plan.

## Pricing
The Team plan costs 12 dollars per user per month. The Enterprise plan adds single sign-on and audit logs and is priced per contract.

## Security
All data is encrypted at rest with AES-256 and in transit with TLS 1.3. Backups are kept for 35 days in a second region.`;
