import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from './test-server';

/**
 * Replacing a document removes the stored answers whose quotes the new text lost, and only those.
 * Chunk ids hash the exact chunk text and packing shifts every later boundary, so an edit early in
 * a long document changes the ids of chunks whose text is still there word for word: an answer
 * quoting such a chunk must survive (with its correction), one quoting the edited sentence not.
 */
const TEAMS = [
  'Albatross',
  'Bittern',
  'Cormorant',
  'Dunlin',
  'Egret',
  'Fulmar',
  'Gannet',
  'Heron',
  'Ibis',
  'Jacana',
  'Kestrel',
  'Lapwing',
  'Merlin',
  'Nightjar',
  'Osprey',
  'Plover',
  'Quail',
  'Redshank',
  'Shrike',
  'Turnstone',
];

/** One long paragraph: chunks are packed greedily from its sentences. */
function handbook(edited: boolean): string {
  return TEAMS.map(
    (team, i) =>
      `Section ${i + 1}. The ${team} team meets in room ${i === 0 && edited ? '150 every week, since the basement flooded in March' : `${100 + i} every week`}. ` +
      `Its members book travel through the staff portal and file expenses monthly. ` +
      `New joiners of the ${team} team shadow a colleague for their first fortnight. ` +
      `Questions about payroll for section ${i + 1} go to the people team.`,
  ).join(' ');
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

async function call(method: string, urlPath: string, json?: unknown) {
  const response = await fetch(`${server.url}${urlPath}`, {
    method,
    headers: { ...server.auth, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: response.status, text: await response.text() };
}

async function send(method: 'POST' | 'PUT', url: string, text: string) {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), 'handbook.txt');
  const response = await fetch(`${server.url}${url}`, { method, headers: server.auth, body: form });
  const reply = (await response.json()) as { job: { id: string }; document: { id: string } };
  expect(response.status, JSON.stringify(reply)).toBe(202);
  const job = await waitForJob(server.url, reply.job.id);
  expect(job.status).toBe('succeeded');
  return { documentId: reply.document.id, result: job.result as { chunks: number; removed?: number } };
}

async function ask(collectionId: string, team: string) {
  const asked = await call('POST', '/v1/chat', {
    collectionId,
    message: `Which room does the ${team} team meet in?`,
  });
  expect(asked.status, asked.text).toBe(200);
  return JSON.parse(asked.text) as { answer: string; conversationId: string; messageId: string };
}

async function answerOf(conversationId: string, messageId: string): Promise<string> {
  const page = await call('GET', `/v1/conversations/${conversationId}/messages?limit=50`);
  expect(page.status, page.text).toBe(200);
  const items = (JSON.parse(page.text) as { items: { id: string; content: string }[] }).items;
  return items.find((item) => item.id === messageId)?.content ?? '';
}

describe('replacing a document', () => {
  it('keeps answers whose quotes the new text still holds, and removes those it lost', async () => {
    const collection = JSON.parse((await call('POST', '/v1/collections', { name: 'replaced' })).text) as {
      id: string;
    };
    const first = await send('POST', `/v1/collections/${collection.id}/documents`, handbook(false));
    expect(first.result.chunks).toBeGreaterThan(3);

    const late = await ask(collection.id, 'Shrike');
    expect(late.answer).toContain('room 118');
    const rated = await call('POST', `/v1/messages/${late.messageId}/feedback`, {
      rating: 'down',
      correctedAnswer: 'Room 118, on the first floor.',
    });
    expect(rated.status, rated.text).toBe(201);
    const early = await ask(collection.id, 'Albatross');
    expect(early.answer).toContain('room 100');

    // One sentence edited near the start: later chunk boundaries (and so their ids) shift.
    const second = await send(
      'PUT',
      `/v1/collections/${collection.id}/documents/${first.documentId}`,
      handbook(true),
    );
    expect(second.result.removed).toBeGreaterThan(1);

    expect(await answerOf(late.conversationId, late.messageId)).toContain('room 118');
    const { rows } = await server.container.db.query<{ corrected_answer: string | null }>(
      'select corrected_answer from feedback where message_id = $1',
      [late.messageId],
    );
    expect(rows[0]?.corrected_answer).toBe('Room 118, on the first floor.');
    const gone = await answerOf(early.conversationId, early.messageId);
    expect(gone).not.toContain('room 100');
    expect(gone).toContain('replaced');
  }, 180_000);
});
