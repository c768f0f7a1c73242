-- Issue #16: vectors by the exact text that was embedded, per tenant and embedder. Ingestion
-- writes each batch here as soon as it is embedded, so a job restarted after a crash embeds only
-- what is still missing, and a text already embedded for any document or collection of the
-- tenant that shares the embedder is not embedded again. Kept per tenant: one tenant's cache
-- never answers for another's text. Rows outlive the chunks they were made for (not pruned yet).
create table embedding_cache (
  tenant_id text not null,
  embedder_id text not null,
  -- sha256 of the embedded text (title, heading path and chunk text, as indexText joins them)
  text_hash text not null,
  embedding bytea not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, embedder_id, text_hash)
);
