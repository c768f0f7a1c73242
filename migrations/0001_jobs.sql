-- Background jobs (ingestion, sentiment batches, ...). Postgres is the source of truth for job
-- state under both queue adapters, so status and results survive restarts and never need Redis.
CREATE TABLE jobs (
  id text PRIMARY KEY,
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  payload jsonb NOT NULL DEFAULT 'null'::jsonb,
  progress jsonb NOT NULL DEFAULT '{}'::jsonb,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  error text,
  result jsonb,
  -- Lower runs first.
  priority integer NOT NULL DEFAULT 0,
  tenant_id text,
  request_id text,
  -- Earliest time a queued job may start (retry backoff in the in-process runner).
  run_after timestamptz NOT NULL DEFAULT now(),
  -- Which worker holds a running job and until when; an expired lease means the worker died.
  locked_by text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The in-process runner's claim query: next queued job by priority, then age.
CREATE INDEX jobs_queued_idx ON jobs (priority, created_at) WHERE status = 'queued';
-- Crash recovery: running jobs whose lease has expired.
CREATE INDEX jobs_running_lease_idx ON jobs (lease_until) WHERE status = 'running';
CREATE INDEX jobs_tenant_created_idx ON jobs (tenant_id, created_at DESC);
CREATE INDEX jobs_kind_status_idx ON jobs (kind, status);
