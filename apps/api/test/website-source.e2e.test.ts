import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestData, startTestServer, type TestServer, waitForJob } from './test-server';

/**
 * Issue #18 acceptance: a website source crawled from a local static site (reached through the
 * operator allow-list), then crawled again after one page changed and one was removed. Unchanged
 * pages cost a 304, the changed page re-embeds only its changed chunks, the removed page is gone
 * from search with a receipt; robots.txt, same-site and redirect checks hold.
 */
const section = (topic: string, fact: string) => `<h2>${topic}</h2><p>${`${fact} `.repeat(12)}</p>`;
const PAGES_V1: Record<string, string> = {
  '/': '<html><head><title>Help centre</title></head><body><h1>Help centre</h1><a href="/a">Returns</a> <a href="/b">Shipping</a> <a href="/c">Gift cards</a> <a href="/private/secret">Staff</a> <a href="https://elsewhere.example/x">Partner</a> <a href="/redirect">Old page</a></body></html>',
  '/a': `<html><head><title>Returns</title></head><body><h1>Returns</h1>${section('Window', 'Customers can return any product within 45 days of delivery.')}</body></html>`,
  '/b': `<html><head><title>Shipping</title></head><body><h1>Shipping</h1>${section('Standard', 'Standard shipping takes 3 to 5 business days across the mainland.')}${section('Express', 'Express shipping takes one business day when ordered before noon.')}${section('Islands', 'Deliveries to the islands take an extra two days by ferry.')}</body></html>`,
  '/c': `<html><head><title>Gift cards</title></head><body><h1>Gift cards</h1>${section('Balance', 'The Zephyrine gift card balance is shown on the receipt printout.')}</body></html>`,
  '/private/secret': '<html><body>staff only</body></html>',
};
const PAGES_V2: Record<string, string> = {
  ...PAGES_V1,
  '/': PAGES_V1['/']!.replace(' <a href="/c">Gift cards</a>', ''),
  '/b': PAGES_V1['/b']!.replace(
    'extra two days by ferry',
    'extra three days by ferry since the timetable changed',
  ),
};
delete PAGES_V2['/c'];

let server: TestServer;
let site: Server;
let evil: Server;
let siteUrl = '';
let pages = PAGES_V1;
const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
const evilHits: string[] = [];
let collectionId = '';

beforeAll(async () => {
  evil = createServer((req, res) => {
    evilHits.push(req.url ?? '');
    res.end('internal metadata');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  const evilPort = (evil.address() as AddressInfo).port;
  site = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    if (path === '/robots.txt') return res.end('User-agent: *\nDisallow: /private\n');
    if (path === '/sitemap.xml') {
      return res.end(`<urlset><url><loc>${siteUrl}/a</loc></url><url><loc>${siteUrl}/b</loc></url></urlset>`);
    }
    if (path === '/redirect')
      return res.writeHead(302, { location: `http://127.0.0.1:${evilPort}/meta` }).end();
    const body = pages[path];
    if (body === undefined) return res.writeHead(404).end('not found');
    const etag = `"${path}-${body.length}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag }).end(body);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const port = (site.address() as AddressInfo).port;
  siteUrl = `http://127.0.0.1:${port}`;
  server = await startTestServer({
    RATE_LIMIT_PER_MINUTE: '0',
    SOURCE_FETCH_ALLOW: `127.0.0.1:${port}`,
    SOURCE_SCHEDULE_TICK_MS: '0',
  });
  const made = await fetch(`${server.url}/v1/collections`, {
    method: 'POST',
    headers: { ...server.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'help centre' }),
  });
  collectionId = ((await made.json()) as { id: string }).id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeTestData(server);
  site?.closeAllConnections();
  await Promise.all([new Promise((r) => site?.close(r)), new Promise((r) => evil?.close(r))]);
});

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...server.auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: loosely shaped JSON answers
  return { status: response.status, body: (await response.json()) as any };
}

async function crawl(sourceId: string) {
  const started = await api('POST', `/v1/sources/${sourceId}/crawl`);
  expect(started.status).toBe(202);
  expect((await waitForJob(server.url, started.body.job.id, 60_000)).status).toBe('succeeded');
  const source = (await api('GET', `/v1/sources/${sourceId}`)).body;
  for (const page of [...source.lastResult.created, ...source.lastResult.updated]) {
    if (page.jobId) expect((await waitForJob(server.url, page.jobId, 60_000)).status).toBe('succeeded');
  }
  return source;
}

const search = async (query: string) =>
  (await api('POST', `/v1/collections/${collectionId}/search`, { query, mode: 'bm25' })).body.results as {
    documentId: string;
    text: string;
  }[];

describe('issue #18: website sources', () => {
  let sourceId = '';
  let first: { lastResult: { created: { url: string; documentId: string }[] } };

  it('crawls the site: same-site, robots.txt honoured, redirects re-checked', async () => {
    const made = await api('POST', `/v1/collections/${collectionId}/sources`, {
      type: 'website',
      startUrl: `${siteUrl}/`,
      delayMs: 20,
      exclude: ['\\?print=1$'],
    });
    expect(made.status).toBe(201);
    sourceId = made.body.id;
    first = await crawl(sourceId);
    const result = (first as unknown as { lastResult: Record<string, { url: string }[]> }).lastResult;
    expect(result.created!.map((p) => new URL(p.url).pathname).sort()).toEqual(['/', '/a', '/b', '/c']);
    expect(result.skipped).toContainEqual({ url: `${siteUrl}/private/secret`, reason: 'robots.txt' });
    // The redirect to another (private, not allowed) address was refused, never followed.
    expect(JSON.stringify(result.errors)).toMatch(/redirect.*off the site|private address/);
    expect(evilHits).toEqual([]);
    expect(requests.some((r) => r.path.startsWith('/private'))).toBe(false);
    expect((await search('Zephyrine gift card balance')).length).toBeGreaterThan(0);
  }, 120_000);

  it('re-crawls with conditional requests: 304 for unchanged pages, changed chunks only, removed pages deleted', async () => {
    pages = PAGES_V2;
    requests.length = 0;
    const second = await crawl(sourceId);
    const result = second.lastResult;
    expect(result.unchanged.map((u: string) => new URL(u).pathname)).toEqual(['/a']);
    expect(requests.find((r) => r.path === '/a')?.headers['if-none-match']).toBeTruthy();
    expect(result.updated.map((p: { url: string }) => new URL(p.url).pathname).sort()).toEqual(['/', '/b']);
    // Only the changed section of /b was embedded again.
    const b = result.updated.find((p: { url: string }) => p.url.endsWith('/b'));
    const job = await waitForJob(server.url, b.jobId, 60_000);
    const ingest = job.result as { chunks: number; embedded: number; reused: number };
    expect(ingest.reused).toBeGreaterThan(0);
    expect(ingest.embedded).toBeLessThan(ingest.chunks);
    // /c is gone: deleted with a receipt, and gone from search.
    expect(result.removed).toHaveLength(1);
    expect(result.removed[0].url).toBe(`${siteUrl}/c`);
    expect(result.removed[0].receipt.chunksRemoved.length).toBeGreaterThan(0);
    expect(await search('Zephyrine gift card balance')).toEqual([]);
    expect((await search('three days by ferry timetable')).length).toBeGreaterThan(0);
    expect(second.pages.map((p: { url: string }) => new URL(p.url).pathname)).toEqual(['/', '/a', '/b']);
  }, 120_000);

  it('refuses a private address that the allow-list does not name', async () => {
    const evilPort = (evil.address() as AddressInfo).port;
    const made = await api('POST', `/v1/collections/${collectionId}/sources`, {
      type: 'website',
      startUrl: `http://127.0.0.1:${evilPort}/`,
      delayMs: 0,
    });
    const source = await crawl(made.body.id);
    expect(source.lastResult.created).toEqual([]);
    expect(JSON.stringify(source.lastResult.errors)).toMatch(/private address/);
    expect(evilHits).toEqual([]);
    const bad = await api('POST', `/v1/collections/${collectionId}/sources`, { type: 'website' });
    expect(bad.status).toBe(400);
  }, 60_000);

  it('crawls from a sitemap on its schedule, once per due time', async () => {
    const made = await api('POST', `/v1/collections/${collectionId}/sources`, {
      type: 'website',
      sitemapUrl: `${siteUrl}/sitemap.xml`,
      delayMs: 0,
      intervalMinutes: 60,
    });
    expect(made.status).toBe(201);
    expect(Date.parse(made.body.nextCrawlAt)).toBeLessThanOrEqual(Date.now());
    // Two processes' timers at once: one crawl.
    const [a, b] = await Promise.all([
      server.container.sources.enqueueDue(),
      server.container.sources.enqueueDue(),
    ]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const deadline = Date.now() + 60_000;
    let source = (await api('GET', `/v1/sources/${made.body.id}`)).body;
    while (!source.lastCrawlAt && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      source = (await api('GET', `/v1/sources/${made.body.id}`)).body;
    }
    expect(source.pages.map((p: { url: string }) => new URL(p.url).pathname)).toEqual(['/a', '/b']);
    // The next crawl is an interval away.
    expect(Date.parse(source.nextCrawlAt) - Date.parse(source.lastCrawlAt)).toBeGreaterThan(59 * 60_000);
    const { rows } = await server.container.db.query<{ n: string }>(
      "select count(*) as n from jobs where kind = 'source.crawl' and id like $1",
      [`crawl-${made.body.id}-%`],
    );
    expect(Number(rows[0]!.n)).toBe(1);
  }, 90_000);
});
