-- Issue #12: access control on every surface that returns document text.

-- Who a key acts as, across rotations: a rotated key keeps its subject, so the conversations it
-- created stay its own. Null on keys made before this migration: the key's own id.
alter table api_keys add column subject_id text;

-- Deduplication considers only documents the uploader can read, so the same bytes may be stored
-- twice under different ACLs: a unique (collection, hash) made an upload an existence oracle for
-- documents outside the uploader's groups (409 "already exists").
alter table documents drop constraint documents_collection_id_content_hash_key;
create index documents_collection_hash_idx on documents (collection_id, content_hash);

-- The documents behind the history a turn was answered with: a follow-up's answer and its
-- standalone query can restate an earlier answer, so they are withheld from whoever may not read
-- those documents either.
alter table messages add column context_document_ids text[] not null default '{}';
