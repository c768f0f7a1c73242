-- Issue #18: website sources, crawled by the worker and re-crawled on a schedule.
create table sources (
  id text primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  collection_id text not null references collections(id) on delete cascade,
  type text not null check (type in ('website')),
  -- { startUrl | sitemapUrl, include: [regex], exclude: [regex], maxPages, delayMs }
  config jsonb not null,
  -- Minutes between crawls; null: only when asked.
  interval_minutes integer,
  next_crawl_at timestamptz,
  last_crawl_at timestamptz,
  last_result jsonb,
  created_at timestamptz not null default now()
);
create index sources_due_idx on sources (next_crawl_at) where next_crawl_at is not null;

-- Each page a source holds: its document, the validators for a conditional re-fetch, and its
-- links (a 304 has no body, and the crawl still follows them).
create table source_pages (
  source_id text not null references sources(id) on delete cascade,
  url text not null,
  document_id text,
  etag text,
  last_modified text,
  links jsonb not null default '[]'::jsonb,
  last_seen_at timestamptz,
  primary key (source_id, url)
);
