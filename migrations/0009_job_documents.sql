-- Issue #12. The documents a job's result is made of (a summary's sentences): a caller reads the
-- job only while it may read each of them, checked at the time of reading. Its own file because
-- the jobs package's tests apply only the jobs table's migrations.
alter table jobs add column document_ids text[] not null default '{}';

-- Jobs queued before this migration: an ingestion is about its document, a summary of a
-- document about that document.
update jobs set document_ids = array[payload->>'documentId']
  where kind = 'ingest-document' and payload->>'documentId' is not null;
update jobs set document_ids = array[payload->'source'->>'documentId']
  where kind = 'summarize-document' and payload->'source'->>'documentId' is not null;
