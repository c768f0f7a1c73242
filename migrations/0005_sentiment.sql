-- Sentiment batches (issue #6): uploaded rows, per-row results, malformed rows, chunk bookkeeping,
-- and sentiment models trained on a tenant's own labels.

create table sentiment_batches (
  id text primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  -- Keyset pagination of a tenant's batches.
  seq bigint generated always as identity,
  -- Same key + tenant is the same batch; body_hash tells a retry from a different upload.
  idempotency_key text,
  body_hash text,
  status text not null default 'uploading'
    check (status in ('uploading', 'upload_failed', 'queued', 'running', 'succeeded', 'cancelled', 'failed')),
  -- textColumn, idColumn, metadataColumns, dateColumn, model, format, filename.
  params jsonb not null default '{}'::jsonb,
  rows_total integer not null default 0,
  rows_malformed integer not null default 0,
  rows_done integer not null default 0,
  chunk_rows integer not null,
  chunks_total integer not null default 0,
  chunks_done integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);
create unique index sentiment_batches_idem_idx on sentiment_batches (tenant_id, idempotency_key)
  where idempotency_key is not null;
create index sentiment_batches_tenant_seq_idx on sentiment_batches (tenant_id, seq);

-- The uploaded rows, written in chunks while the upload streams. row_no is the 1-based data row
-- number in the file (header excluded), also the chunk key: chunk = (row_no - 1) / chunk_rows.
create table sentiment_batch_rows (
  batch_id text not null references sentiment_batches(id) on delete cascade,
  row_no integer not null,
  external_id text,
  text text not null,
  metadata jsonb not null default '{}'::jsonb,
  row_date date,
  primary key (batch_id, row_no)
);

-- Rows that could not be used (no text, bad JSON, bad date, ...), with why. The batch continues.
create table sentiment_batch_errors (
  batch_id text not null references sentiment_batches(id) on delete cascade,
  row_no integer not null,
  reason text not null,
  primary key (batch_id, row_no)
);

-- One row per finished chunk: a chunk is done exactly once (resume never reprocesses it).
create table sentiment_batch_chunks (
  batch_id text not null references sentiment_batches(id) on delete cascade,
  chunk integer not null,
  rows_done integer not null,
  finished_at timestamptz not null default now(),
  primary key (batch_id, chunk)
);

-- Keyed by (batch, row): a retried chunk inserts with ON CONFLICT DO NOTHING, never a duplicate.
create table sentiment_batch_results (
  batch_id text not null references sentiment_batches(id) on delete cascade,
  row_no integer not null,
  label text not null,
  score real not null,
  confidence real not null,
  language text,
  classifier text not null,
  raw_label text,
  primary key (batch_id, row_no)
);

-- Classifiers trained on a tenant's labelled rows, used by name.
create table sentiment_models (
  id text primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  name text not null,
  labels text[] not null,
  languages text[] not null default '{*}',
  held_out_accuracy real,
  held_out_count integer not null default 0,
  training_rows integer not null,
  -- The serialized model (JSON from trainSentimentModel).
  model text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, name)
);
