-- Collections, documents and chunks: the source of truth. The HNSW and BM25 indexes are derived
-- from these tables and kept current by tailing `chunk_changes` (see packages/knowledge).

create table tenants (
  id text primary key,
  name text not null,
  created_at timestamptz not null default now()
);

insert into tenants (id, name) values ('default', 'Default tenant');

create table collections (
  id text primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  name text not null,
  description text,
  -- Which embedder built the vectors; a query embedded by another embedder is refused.
  embedder_id text not null,
  embedding_dimension integer not null,
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  unique (tenant_id, name)
);

create table documents (
  id text primary key,
  collection_id text not null references collections(id) on delete cascade,
  tenant_id text not null,
  title text,
  filename text,
  mime_type text,
  format text,
  -- sha256 of the uploaded bytes: the same content is stored once per collection.
  content_hash text not null,
  byte_size integer not null,
  status text not null check (status in ('pending', 'processing', 'ready', 'failed')),
  error_code text,
  error_message text,
  metadata jsonb not null default '{}'::jsonb,
  tags text[] not null default '{}',
  -- Users or groups allowed to read; empty means everyone in the tenant.
  allowed_principals text[] not null default '{}',
  document_date timestamptz,
  -- Extracted, cleaned text. Every chunk and citation offset indexes into it.
  extracted_text text,
  page_count integer,
  language text,
  job_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (collection_id, content_hash)
);
create index documents_collection_idx on documents (collection_id, created_at);

-- The original bytes, kept so that an ingestion job can be retried and a document re-chunked.
create table document_blobs (
  document_id text primary key references documents(id) on delete cascade,
  bytes bytea not null
);

create table chunks (
  id text primary key,
  document_id text not null references documents(id) on delete cascade,
  collection_id text not null references collections(id) on delete cascade,
  tenant_id text not null,
  ordinal integer not null,
  text text not null,
  start_offset integer not null,
  end_offset integer not null,
  page integer,
  heading_path text[] not null default '{}',
  parent_id text,
  token_count integer not null,
  content_hash text not null,
  -- Float32 little-endian. Debian 12 has no pgvector; search runs on the derived HNSW index.
  embedding bytea not null,
  created_at timestamptz not null default now()
);
create index chunks_document_idx on chunks (document_id, ordinal);
create index chunks_collection_idx on chunks (collection_id);
create index chunks_content_hash_idx on chunks (document_id, content_hash);

create table chunk_parents (
  id text primary key,
  document_id text not null references documents(id) on delete cascade,
  text text not null,
  start_offset integer not null,
  end_offset integer not null,
  page integer,
  heading_path text[] not null default '{}'
);
create index chunk_parents_document_idx on chunk_parents (document_id);

-- Append-only log of index-relevant changes. Every process that serves search tails it, so an
-- index built in one process (the worker) becomes visible in another (the API) without restarts.
create table chunk_changes (
  seq bigserial primary key,
  collection_id text not null,
  chunk_id text not null,
  op text not null check (op in ('upsert', 'delete')),
  created_at timestamptz not null default now()
);
create index chunk_changes_collection_seq_idx on chunk_changes (collection_id, seq);
