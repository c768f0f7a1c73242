import { AppError, newId } from '@grounded/core';
import type { DeletionReceipt, DocumentService } from '@grounded/documents';
import type { JobHandler, JobQueue } from '@grounded/jobs';
import type { Database } from '@grounded/storage';
import { parseRobots, type RobotsRules } from './robots';
import { type SafeFetchOptions, type SafeResponse, safeFetch } from './safe-fetch';

export const SOURCE_CRAWL_JOB = 'source.crawl';
const USER_AGENT = 'grounded-crawler/1';

export interface WebsiteConfig {
  startUrl?: string | undefined;
  sitemapUrl?: string | undefined;
  /** Regexes over the full URL: a page is kept when it matches one (none given: all). */
  include: string[];
  exclude: string[];
  maxPages: number;
  /** Pause between requests; robots.txt's Crawl-delay wins when longer. */
  delayMs: number;
}

export interface Source {
  id: string;
  collectionId: string;
  type: 'website';
  config: WebsiteConfig;
  intervalMinutes: number | null;
  nextCrawlAt: string | null;
  lastCrawlAt: string | null;
  lastResult: CrawlResult | null;
  createdAt: string;
}

export interface CrawlResult {
  fetched: number;
  unchanged: string[];
  created: { url: string; documentId: string; jobId: string | null }[];
  updated: { url: string; documentId: string; jobId: string | null }[];
  removed: { url: string; receipt: DeletionReceipt | null }[];
  skipped: { url: string; reason: string }[];
  errors: { url: string; error: string }[];
}

interface SourceRow {
  id: string;
  tenant_id: string;
  collection_id: string;
  type: 'website';
  config: WebsiteConfig;
  interval_minutes: number | null;
  next_crawl_at: Date | string | null;
  last_crawl_at: Date | string | null;
  last_result: CrawlResult | null;
  created_at: Date | string;
}

interface PageRow {
  url: string;
  document_id: string | null;
  etag: string | null;
  last_modified: string | null;
  links: string[];
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toSource(row: SourceRow): Source {
  return {
    id: row.id,
    collectionId: row.collection_id,
    type: row.type,
    config: row.config,
    intervalMinutes: row.interval_minutes,
    nextCrawlAt: iso(row.next_crawl_at),
    lastCrawlAt: iso(row.last_crawl_at),
    lastResult: row.last_result,
    createdAt: iso(row.created_at)!,
  };
}

export interface WebsiteSourceOptions {
  db: Database;
  queue: Pick<JobQueue, 'enqueue'>;
  documents: Pick<DocumentService, 'upload' | 'replace' | 'delete'>;
  fetch: Omit<SafeFetchOptions, 'userAgent' | 'headers' | 'origin'>;
  /** Waits between requests (tests replace it). */
  sleep?: (ms: number) => Promise<void>;
}

/** Links of an HTML page, absolute and without fragments. */
export function linksOf(html: string, base: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<a\s[^>]*href\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const href = match[2] ?? match[3] ?? match[4] ?? '';
    try {
      const url = new URL(href.replace(/&amp;/g, '&'), base);
      url.hash = '';
      if (url.protocol === 'http:' || url.protocol === 'https:') found.add(url.href);
    } catch {
      // Not a URL: ignored.
    }
  }
  return [...found];
}

/**
 * Website sources (issue #18): a same-site crawl from a start URL or a sitemap, within include and
 * exclude patterns, a page cap, robots.txt and a politeness delay; pages become documents parsed by
 * the HTML parser. A re-crawl asks with ETag / Last-Modified, so an unchanged page costs a 304; a
 * changed page replaces its document (only changed chunks are re-embedded); a page that is gone is
 * deleted, with its receipt kept in the crawl's result.
 */
export class WebsiteSourceService {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebsiteSourceOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async create(
    tenantId: string,
    collectionId: string,
    input: { config: WebsiteConfig; intervalMinutes?: number | null | undefined },
  ): Promise<Source> {
    if (!input.config.startUrl === !input.config.sitemapUrl) {
      throw new AppError('validation_failed', 'give either startUrl or sitemapUrl');
    }
    for (const pattern of [...input.config.include, ...input.config.exclude]) {
      try {
        new RegExp(pattern);
      } catch {
        throw new AppError('validation_failed', `not a valid pattern: ${pattern}`);
      }
    }
    const interval = input.intervalMinutes ?? null;
    const { rows } = await this.options.db.query<SourceRow>(
      `insert into sources (id, tenant_id, collection_id, type, config, interval_minutes, next_crawl_at)
       values ($1, $2, $3, 'website', $4::jsonb, $5, case when $5::int is null then null else now() end)
       returning *`,
      [newId('src'), tenantId, collectionId, JSON.stringify(input.config), interval],
    );
    return toSource(rows[0]!);
  }

  async list(tenantId: string, collectionId: string): Promise<Source[]> {
    const { rows } = await this.options.db.query<SourceRow>(
      'select * from sources where tenant_id = $1 and collection_id = $2 order by created_at, id',
      [tenantId, collectionId],
    );
    return rows.map(toSource);
  }

  async get(
    tenantId: string,
    id: string,
  ): Promise<Source & { pages: { url: string; documentId: string | null }[] }> {
    const { rows } = await this.options.db.query<SourceRow>(
      'select * from sources where tenant_id = $1 and id = $2',
      [tenantId, id],
    );
    if (!rows[0]) throw new AppError('source_not_found', `source ${id} does not exist`);
    const { rows: pages } = await this.options.db.query<PageRow>(
      'select url, document_id from source_pages where source_id = $1 order by url',
      [id],
    );
    return { ...toSource(rows[0]), pages: pages.map((p) => ({ url: p.url, documentId: p.document_id })) };
  }

  async delete(tenantId: string, id: string): Promise<void> {
    const { rowCount } = await this.options.db.query('delete from sources where tenant_id = $1 and id = $2', [
      tenantId,
      id,
    ]);
    if (rowCount === 0) throw new AppError('source_not_found', `source ${id} does not exist`);
  }

  /** Queues a crawl; one per source and moment (`key`), so schedulers in several processes agree. */
  async requestCrawl(tenantId: string, id: string, key = `${Date.now()}`) {
    await this.get(tenantId, id);
    return this.options.queue.enqueue(
      SOURCE_CRAWL_JOB,
      { tenantId, sourceId: id },
      { jobId: `crawl-${id}-${key}`, tenantId, maxAttempts: 2 },
    );
  }

  /** Queues the crawls that are due; called on a timer by every process that runs the scheduler. */
  async enqueueDue(): Promise<number> {
    const { rows } = await this.options.db.query<{
      id: string;
      tenant_id: string;
      next_crawl_at: Date | string;
    }>('select id, tenant_id, next_crawl_at from sources where next_crawl_at <= now() limit 100');
    for (const row of rows) {
      await this.requestCrawl(row.tenant_id, row.id, String(new Date(row.next_crawl_at).getTime()));
    }
    return rows.length;
  }

  handler(): JobHandler {
    return async (raw) => {
      const { tenantId, sourceId } = raw as { tenantId: string; sourceId: string };
      return this.crawl(tenantId, sourceId);
    };
  }

  async crawl(tenantId: string, sourceId: string): Promise<CrawlResult> {
    const source = await this.get(tenantId, sourceId);
    const { config } = source;
    const first = new URL((config.startUrl ?? config.sitemapUrl)!);
    const origin = first.origin;
    const result: CrawlResult = {
      fetched: 0,
      unchanged: [],
      created: [],
      updated: [],
      removed: [],
      skipped: [],
      errors: [],
    };
    const get = (url: string, headers: Record<string, string> = {}) =>
      safeFetch(url, { ...this.options.fetch, userAgent: USER_AGENT, headers, origin });
    let robots: RobotsRules = parseRobots('', USER_AGENT);
    try {
      const response = await get(`${origin}/robots.txt`);
      if (response.status === 200) robots = parseRobots(response.body.toString('utf8'), USER_AGENT);
    } catch (error) {
      // No robots.txt that can be read: nothing is disallowed (RFC 9309, 2.3.1.3).
      result.errors.push({ url: `${origin}/robots.txt`, error: describe(error) });
    }
    const delay = Math.max(config.delayMs, robots.crawlDelayMs ?? 0);
    const include = config.include.map((p) => new RegExp(p));
    const exclude = config.exclude.map((p) => new RegExp(p));
    const known = new Map(
      (
        await this.options.db.query<PageRow>(
          'select url, document_id, etag, last_modified, links from source_pages where source_id = $1',
          [sourceId],
        )
      ).rows.map((row) => [row.url, row]),
    );
    let frontier: string[] = [];
    if (config.sitemapUrl) {
      const sitemap = await get(config.sitemapUrl);
      result.fetched++;
      if (sitemap.status !== 200)
        throw new AppError('fetch_failed', `the sitemap answered ${sitemap.status}`);
      frontier = [...sitemap.body.toString('utf8').matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map(
        (m) => m[1]!,
      );
    } else {
      frontier = [config.startUrl!];
    }
    const seen = new Set<string>();
    const kept = new Set<string>();
    const queued = new Set(frontier);
    let requests = 0;
    while (frontier.length > 0 && seen.size < config.maxPages) {
      const url = frontier.shift()!;
      const parsed = new URL(url);
      if (parsed.origin !== origin) continue;
      if (!robots.allows(parsed.pathname + parsed.search)) {
        result.skipped.push({ url, reason: 'robots.txt' });
        continue;
      }
      if (exclude.some((p) => p.test(url)) || (include.length > 0 && !include.some((p) => p.test(url)))) {
        result.skipped.push({ url, reason: 'pattern' });
        continue;
      }
      seen.add(url);
      if (requests++ > 0 && delay > 0) await this.sleep(delay);
      const page = known.get(url);
      let response: SafeResponse;
      try {
        response = await get(url, {
          ...(page?.etag ? { 'if-none-match': page.etag } : {}),
          ...(page?.last_modified ? { 'if-modified-since': page.last_modified } : {}),
        });
        result.fetched++;
      } catch (error) {
        result.errors.push({ url, error: describe(error) });
        // A page that could not be fetched this time is kept: only a page that is gone is removed.
        if (page) kept.add(url);
        continue;
      }
      let links: string[] = [];
      if (response.status === 304 && page) {
        result.unchanged.push(url);
        links = page.links;
        kept.add(url);
        await this.options.db.query(
          'update source_pages set last_seen_at = now() where source_id = $1 and url = $2',
          [sourceId, url],
        );
      } else if (response.status === 200) {
        const type = String(response.headers['content-type'] ?? '');
        if (!/html/i.test(type)) {
          result.skipped.push({ url, reason: `not HTML (${type || 'no type'})` });
          continue;
        }
        const html = response.body.toString('utf8');
        links = linksOf(html, response.url);
        const upload = {
          tenantId,
          collectionId: source.collectionId,
          bytes: new Uint8Array(response.body),
          filename:
            `${parsed.hostname}${parsed.pathname}`.replace(/\/$/, '/index') +
            (/\.html?$/.test(parsed.pathname) ? '' : '.html'),
          mimeType: 'text/html',
          metadata: { sourceId, sourceUrl: url },
        };
        let documentId: string;
        if (page?.document_id) {
          const outcome = await this.options.documents.replace({ ...upload, documentId: page.document_id });
          documentId = outcome.document.id;
          result.updated.push({ url, documentId, jobId: outcome.job?.id ?? null });
        } else {
          const outcome = await this.options.documents.upload(upload);
          documentId = outcome.document.id;
          result.created.push({ url, documentId, jobId: outcome.job?.id ?? null });
        }
        kept.add(url);
        await this.options.db.query(
          `insert into source_pages (source_id, url, document_id, etag, last_modified, links, last_seen_at)
           values ($1, $2, $3, $4, $5, $6::jsonb, now())
           on conflict (source_id, url) do update set document_id = excluded.document_id, etag = excluded.etag,
             last_modified = excluded.last_modified, links = excluded.links, last_seen_at = now()`,
          [
            sourceId,
            url,
            documentId,
            header(response, 'etag'),
            header(response, 'last-modified'),
            JSON.stringify(links),
          ],
        );
      } else if (response.status >= 500 || response.status === 429) {
        result.errors.push({ url, error: `HTTP ${response.status}` });
        if (page) kept.add(url);
      }
      // 404, 410 and the like: gone; removed below with the pages no longer reached.
      for (const link of links) {
        if (!queued.has(link) && new URL(link).origin === origin) {
          queued.add(link);
          frontier.push(link);
        }
      }
    }
    // Pages this source held that the crawl did not keep: gone from the site (or no longer linked).
    // A crawl stopped by the page cap removes nothing it did not reach.
    const complete = frontier.length === 0;
    for (const [url, page] of known) {
      if (kept.has(url) || (!complete && !seen.has(url))) continue;
      let receipt: DeletionReceipt | null = null;
      if (page.document_id) {
        receipt = await this.options.documents
          .delete({ tenantId }, source.collectionId, page.document_id)
          .catch(() => null);
      }
      await this.options.db.query('delete from source_pages where source_id = $1 and url = $2', [
        sourceId,
        url,
      ]);
      result.removed.push({ url, receipt });
    }
    await this.options.db.query(
      `update sources set last_crawl_at = now(), last_result = $2::jsonb,
         next_crawl_at = case when interval_minutes is null then null
           else now() + make_interval(mins => interval_minutes) end
       where id = $1`,
      [sourceId, JSON.stringify(result)],
    );
    return result;
  }
}

function header(response: SafeResponse, name: string): string | null {
  const value = response.headers[name];
  return typeof value === 'string' ? value : null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
