import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from './test-server';

/**
 * Issue #18: content gaps. Questions the assistant abstained on and answers rated down are
 * clustered by meaning; paraphrases land together, a cluster asked more often ranks first, and
 * an agent sees only its own and site visitors' questions, and only those whose documents it may
 * read.
 */
const FAQ = `# Returns

Customers can return any product within 45 days of delivery for a full refund.
Refunds are sent to the original payment method within 5 business days of receiving the return.

# Shipping

Standard shipping takes 3 to 5 business days. Express shipping takes 1 business day.`;
const HR_MEMO =
  'Confidential HR memo. The Quillfeather bonus scheme pays each engineer 4000 crowns in March. '.repeat(3);
const WIDGET_ORIGIN = 'https://shop.example';

let server: TestServer;
let collectionId = '';
let otherAgent = '';
let hrAgent = '';
let widget = '';
const docIds: string[] = [];

interface Gaps {
  questions: number;
  threshold: number;
  clusters: {
    id: string;
    collectionId: string;
    label: string;
    count: number;
    abstained: number;
    negativeFeedback: number;
    lastAskedAt: string;
    score: number;
    examples: { question: string; reasons: string[]; messageId: string }[];
    nearestDocuments: { documentId: string; title: string | null }[];
  }[];
}

async function call(key: string, method: string, path: string, json?: unknown, visitor?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(visitor ? { origin: WIDGET_ORIGIN, 'x-widget-visitor': visitor } : {}),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function ask(key: string, message: string, visitor?: string) {
  const { status, body } = await call(key, 'POST', '/v1/chat', { collectionId, message }, visitor);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as { abstained: boolean; messageId: string; conversationId: string };
}

async function gaps(key: string, query = `collectionId=${collectionId}`): Promise<Gaps> {
  const { status, body } = await call(key, 'GET', `/v1/insights/gaps?${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as unknown as Gaps;
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  const { apiKeys, widgetTokens } = server.container;
  otherAgent = (await apiKeys.create({ tenantId: 'default', name: 'support', role: 'agent', principals: [] }))
    .key;
  hrAgent = (await apiKeys.create({ tenantId: 'default', name: 'hr', role: 'agent', principals: ['g:hr'] }))
    .key;
  collectionId = (
    (await call(server.apiKey, 'POST', '/v1/collections', { name: 'shop' })).body as { id: string }
  ).id;
  widget = widgetTokens.mint({
    tenantId: 'default',
    collectionId,
    origins: [WIDGET_ORIGIN],
    ttlSeconds: 600,
  }).token;
  for (const [text, allowedPrincipals] of [
    [FAQ, undefined],
    [HR_MEMO, ['g:hr']],
  ] as const) {
    const made = await call(server.apiKey, 'POST', `/v1/collections/${collectionId}/documents`, {
      text,
      ...(allowedPrincipals ? { allowedPrincipals } : {}),
    });
    expect(made.status).toBe(202);
    const made2 = made.body as { job: { id: string }; document: { id: string } };
    docIds.push(made2.document.id);
    const job = await waitForJob(server.url, made2.job.id);
    expect(job.status).toBe('succeeded');
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
});

describe('issue #18: content gaps', () => {
  it('clusters paraphrased unanswered questions, ranks the most asked first and names nearest documents', async () => {
    // Nothing unanswered yet.
    expect((await gaps(server.apiKey)).clusters).toEqual([]);
    const gift = [
      'How do I check my gift card balance?',
      'How much money is left on my gift card?',
      'check balance on gift card',
    ];
    for (const [i, question] of gift.entries()) {
      // Site visitors asking through the widget, each their own conversation.
      expect((await ask(widget, question, `visitor-gift-00000${i}`)).abstained).toBe(true);
    }
    const loyalty = ['Do you have a student discount?', 'Is there a discount for students?'];
    for (const question of loyalty) expect((await ask(server.apiKey, question)).abstained).toBe(true);
    // An answered question rated down is a gap too.
    const answered = await ask(server.apiKey, 'Within how many days can customers return a product?');
    expect(answered.abstained).toBe(false);
    const rated = await call(server.apiKey, 'POST', `/v1/messages/${answered.messageId}/feedback`, {
      rating: 'down',
    });
    expect(rated.status).toBe(201);

    const report = await gaps(server.apiKey);
    expect(report.questions).toBe(6);
    const [first, ...rest] = report.clusters;
    expect(first!.count).toBe(3);
    expect(first!.examples.map((e) => e.question).sort()).toEqual([...gift].sort());
    expect(first!.examples.every((e) => e.reasons.includes('abstained'))).toBe(true);
    const students = rest.find((c) => c.examples.some((e) => e.question.includes('student')));
    expect(students?.count).toBe(2);
    const returns = rest.find((c) => c.negativeFeedback === 1);
    expect(returns?.examples[0]?.reasons).toEqual(['negative_feedback']);
    // The down-rated answer's question finds the document that failed to satisfy it.
    expect(returns?.nearestDocuments[0]?.documentId).toBe(docIds[0]);
    // Ranked by frequency (all asked just now): scores do not increase down the list.
    const scores = report.clusters.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // A higher threshold splits more; 0 joins everything.
    expect((await gaps(server.apiKey, `collectionId=${collectionId}&threshold=0`)).clusters).toHaveLength(1);
  }, 120_000);

  it('shows an agent visitors’ questions and its own, never another staff member’s, and respects ACLs', async () => {
    // The admin's own questions (student discount, the rated returns question) are not the agent's.
    const seen = await gaps(otherAgent);
    const questions = seen.clusters.flatMap((c) => c.examples.map((e) => e.question));
    expect(questions.some((q) => q.includes('gift card'))).toBe(true);
    expect(questions.some((q) => q.includes('student'))).toBe(false);

    // The HR agent asks about the restricted memo and rates the answer down: its question
    // names the secret, and only those who may read the memo see it.
    const hr = await ask(hrAgent, 'How much does the Quillfeather bonus scheme pay?');
    expect(hr.abstained).toBe(false);
    expect(
      (await call(hrAgent, 'POST', `/v1/messages/${hr.messageId}/feedback`, { rating: 'down' })).status,
    ).toBe(201);
    const hrView = JSON.stringify(await gaps(hrAgent));
    expect(hrView).toContain('Quillfeather');
    const otherView = await gaps(otherAgent);
    expect(JSON.stringify(otherView)).not.toContain('Quillfeather');
    // Nor does a search on its behalf name the memo as a nearest document.
    const nearest = otherView.clusters.flatMap((c) => c.nearestDocuments.map((d) => d.documentId));
    expect(nearest).not.toContain(docIds[1]);
    expect(nearest).toContain(docIds[0]);
    expect(JSON.stringify(await gaps(server.apiKey))).toContain('Quillfeather');
    expect(JSON.stringify(await gaps(otherAgent, ''))).not.toContain('Quillfeather');
  }, 120_000);

  it('reports volumes, CSAT, top questions and sentiment per conversation, as the viewer may see them', async () => {
    const liked = await ask(server.apiKey, 'How long does standard shipping take?');
    expect(
      (await call(server.apiKey, 'POST', `/v1/messages/${liked.messageId}/feedback`, { rating: 'up' }))
        .status,
    ).toBe(201);
    interface Insights {
      volumes: { day: string; conversations: number; questions: number; abstained: number }[];
      csat: { ratings: number; satisfied: number; dissatisfied: number; score: number | null };
      topQuestions: { question: string; count: number }[];
      sentiment: { conversationId: string; label: string; turns: number }[];
    }
    const insights = async (key: string) => {
      const { status, body } = await call(
        key,
        'GET',
        `/v1/insights/conversations?collectionId=${collectionId}`,
      );
      expect(status, JSON.stringify(body)).toBe(200);
      return body as unknown as Insights;
    };
    const admin = await insights(server.apiKey);
    // 3 gift-card, 2 student, 1 returns, 1 HR and 1 shipping question, each its own conversation.
    const today = new Date().toISOString().slice(0, 10);
    expect(admin.volumes).toEqual([{ day: today, conversations: 8, questions: 8, abstained: 5 }]);
    // Down: the returns answer and the HR answer; up: shipping.
    expect(admin.csat).toEqual({ ratings: 3, satisfied: 1, dissatisfied: 2, score: 0.333 });
    expect(admin.topQuestions.map((q) => q.question)).toContain(
      'How much does the Quillfeather bonus scheme pay?',
    );
    expect(admin.sentiment).toHaveLength(8);
    expect(admin.sentiment.every((s) => ['negative', 'neutral', 'positive'].includes(s.label))).toBe(true);

    const agent = await insights(otherAgent);
    // Visitors' conversations only: the three gift-card questions, no ratings.
    expect(agent.volumes).toEqual([{ day: today, conversations: 3, questions: 3, abstained: 3 }]);
    expect(agent.csat).toEqual({ ratings: 0, satisfied: 0, dissatisfied: 0, score: null });
    expect(JSON.stringify(agent)).not.toContain('Quillfeather');
    expect(JSON.stringify(agent)).not.toContain('student');
    expect(agent.sentiment).toHaveLength(3);
  }, 120_000);

  it('refuses widget tokens, a foreign collection and a bad threshold', async () => {
    const asWidget = await fetch(`${server.url}/v1/insights/gaps`, {
      headers: {
        authorization: `Bearer ${widget}`,
        origin: WIDGET_ORIGIN,
        'x-widget-visitor': 'visitor-x-000001',
      },
    });
    expect(asWidget.status).toBe(403);
    expect((await call(server.apiKey, 'GET', '/v1/insights/gaps?collectionId=col_nope')).status).toBe(404);
    const bad = await call(server.apiKey, 'GET', '/v1/insights/gaps?threshold=2');
    expect(bad.status).toBe(400);
  });
  it('keeps unrelated Chinese questions apart on USE-lite, which cannot read them, and joins one asked twice', async () => {
    const zh = (
      (await call(server.apiKey, 'POST', '/v1/collections', { name: 'zh-gaps' })).body as { id: string }
    ).id;
    const made = await call(server.apiKey, 'POST', `/v1/collections/${zh}/documents`, { text: FAQ });
    expect((await waitForJob(server.url, (made.body as { job: { id: string } }).job.id)).status).toBe(
      'succeeded',
    );
    const questions = ['物业费晚交几天滞纳金怎么算', '车位月租多少钱', '周末可以装修吗', '车位月租多少钱？'];
    for (const message of questions) {
      const { status, body } = await call(server.apiKey, 'POST', '/v1/chat', { collectionId: zh, message });
      expect(status, JSON.stringify(body)).toBe(200);
      expect((body as { abstained: boolean }).abstained).toBe(true);
    }
    const report = await gaps(server.apiKey, `collectionId=${zh}`);
    expect(report.questions).toBe(4);
    expect(report.clusters.map((c) => c.count).sort()).toEqual([1, 1, 2]);
    expect(report.clusters[0]?.examples.map((e) => e.question).sort()).toEqual([
      '车位月租多少钱',
      '车位月租多少钱？',
    ]);
    // The search that ranked it reports BM25: the vector of a Chinese query on USE-lite is noise.
    const searched = await call(server.apiKey, 'POST', `/v1/collections/${zh}/search`, {
      query: '退货要多久',
      mode: 'hybrid',
    });
    expect(searched.status).toBe(200);
    expect(searched.body.mode).toBe('bm25');
  }, 60_000);
});
