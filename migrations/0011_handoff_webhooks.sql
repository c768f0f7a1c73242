-- Issue #18: human handoff and signed webhooks.
--
-- A collection's handoff setting: { "type": "url", "url" } (a live-chat or contact page the
-- visitor is sent to), { "type": "email", "address" } or { "type": "webhook", "webhookId" } (an
-- endpoint below, bound to the collection). Null: no handoff offered.
alter table collections add column handoff jsonb;

-- Where events are delivered. The secret signs each delivery (HMAC-SHA256); it is shown once.
create table webhook_endpoints (
  id text primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  url text not null,
  secret text not null,
  -- The event names delivered here.
  events text[] not null,
  -- Only this collection's events (a collection's handoff webhook); null: the whole tenant's.
  collection_id text references collections(id) on delete cascade,
  created_at timestamptz not null default now()
);
create index webhook_endpoints_tenant_idx on webhook_endpoints (tenant_id);

-- The delivery log: one row per event per endpoint; a replay is a new row pointing at the first.
-- Retries are job attempts (exponential backoff) of one `webhook.deliver` job per row.
create table webhook_deliveries (
  id text primary key,
  seq bigint generated always as identity,
  tenant_id text not null references tenants(id) on delete cascade,
  endpoint_id text not null references webhook_endpoints(id) on delete cascade,
  event text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  last_status_code integer,
  last_error text,
  replay_of text references webhook_deliveries(id) on delete set null,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index webhook_deliveries_tenant_seq_idx on webhook_deliveries (tenant_id, seq);

-- Each handoff a conversation asked for, with what was sent.
create table handoffs (
  id text primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  conversation_id text not null references conversations(id) on delete cascade,
  collection_id text not null,
  channel text not null check (channel in ('url', 'email', 'webhook')),
  reason text not null,
  sentiment jsonb,
  delivery_id text references webhook_deliveries(id) on delete set null,
  created_at timestamptz not null default now()
);
create index handoffs_conversation_idx on handoffs (tenant_id, conversation_id);
