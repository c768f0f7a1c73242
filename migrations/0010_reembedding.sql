-- Issue #17: re-embedding a collection without downtime.
--
-- The embedder settings a collection was re-embedded with, so that any process can build the
-- same embedder for its queries and ingestion. Null: the collection was built by the server's
-- configured embedder (the only case before this migration), checked by id as before.
alter table collections add column embedder_spec jsonb;
-- The re-embedding job in progress, if any: one at a time per collection. The job clears it
-- when it swaps or is cancelled; a marker whose job is no longer live is stale and ignored.
alter table collections add column reembed_job_id text;

-- The next generation of vectors, written by the re-embedding job while the current vectors in
-- `chunks.embedding` keep serving. They survive a crash, so a restarted job resumes where it
-- stopped; the swap copies them over `chunks.embedding` and deletes them in one transaction.
-- A chunk deleted meanwhile takes its staged vector with it.
create table reembedding_vectors (
  chunk_id text primary key references chunks(id) on delete cascade,
  collection_id text not null references collections(id) on delete cascade,
  embedder_id text not null,
  -- The chunk's text at the time it was embedded: a changed chunk is embedded again.
  content_hash text not null,
  embedding bytea not null
);
create index reembedding_vectors_collection_idx on reembedding_vectors (collection_id, embedder_id);
