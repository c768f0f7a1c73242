-- Conversations, their messages (with the citations, sources, usage and timing of each answer)
-- and feedback on answers, exported as preference/SFT data (issue #4).

create table conversations (
  id text primary key,
  tenant_id text not null references tenants(id) on delete cascade,
  -- Keyset pagination cursor: ids are random, timestamps lose precision in JavaScript.
  seq bigint generated always as identity,
  collection_id text,
  -- The end user who owns it, once auth (issue #7) identifies one; null = the tenant.
  owner_id text,
  title text,
  metadata jsonb not null default '{}'::jsonb,
  -- Also the allocator of message seq numbers: the update serialises concurrent turns.
  message_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index conversations_tenant_seq_idx on conversations (tenant_id, seq);

create table messages (
  id text primary key,
  conversation_id text not null references conversations(id) on delete cascade,
  tenant_id text not null,
  seq integer not null,
  role text not null check (role in ('user', 'assistant')),
  content text not null,
  collection_id text,
  -- user: the standalone query used for retrieval; assistant: the question it answered.
  query text,
  query_method text,
  -- assistant: hash of (collection, normalised question), to pair answers to the same prompt.
  prompt_key text,
  citations jsonb not null default '[]'::jsonb,
  invalid_citations jsonb not null default '[]'::jsonb,
  -- assistant: the numbered sources that were in the prompt, for training-data export.
  sources jsonb not null default '[]'::jsonb,
  usage jsonb,
  timing jsonb,
  generator text,
  stop_reason text,
  abstained boolean,
  created_at timestamptz not null default now(),
  unique (conversation_id, seq)
);
create index messages_prompt_key_idx on messages (tenant_id, prompt_key) where prompt_key is not null;

create table feedback (
  id text primary key,
  seq bigint generated always as identity,
  tenant_id text not null references tenants(id) on delete cascade,
  message_id text not null unique references messages(id) on delete cascade,
  -- 1..5; 'down' is stored as 1 and 'up' as 5.
  rating smallint not null check (rating between 1 and 5),
  corrected_answer text,
  reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index feedback_tenant_seq_idx on feedback (tenant_id, seq);
