-- Every guardrail verdict, with its reason and spans, so any decision can be traced and explained.
create table guardrail_audit (
  id bigserial primary key,
  tenant_id text not null,
  request_id text,
  -- What was checked: a question, an answer sentence, or a document chunk at ingestion.
  subject text not null check (subject in ('input', 'output', 'document')),
  subject_id text,
  check_name text not null,
  check_version text not null,
  action text not null check (action in ('allow', 'redact', 'revise', 'block')),
  score double precision not null,
  reason text not null,
  spans jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now()
);
create index guardrail_audit_request_idx on guardrail_audit (tenant_id, request_id);
create index guardrail_audit_time_idx on guardrail_audit (tenant_id, created_at);

-- Flags set at ingestion, e.g. { "injection": true } for a chunk that addresses the model.
alter table chunks add column flags jsonb not null default '{}'::jsonb;
