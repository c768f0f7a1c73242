-- API keys (stored as hashes; the key itself is shown once, at creation) and server secrets.

create table api_keys (
  id text primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  name text not null,
  role text not null check (role in ('admin', 'agent', 'widget')),
  -- The user id and groups this key acts as, for document ACLs. Empty: only unrestricted documents.
  principals text[] not null default '{}',
  -- sha256 of the secret part; the secret itself is never stored.
  secret_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  rotated_from text references api_keys(id) on delete set null
);
create index api_keys_tenant_idx on api_keys (tenant_id, created_at);

-- Secrets shared by every API and worker process (e.g. the widget-token signing key), created once.
create table server_secrets (
  name text primary key,
  value bytea not null,
  created_at timestamptz not null default now()
);
