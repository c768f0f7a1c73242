-- Deletion that really deletes: a cached vector belongs to the document whose ingestion embedded
-- it, and goes with that document (and its collection and tenant) by cascade, including a document
-- whose ingestion failed or was cancelled before it had chunks. Lookups still match any document
-- of the tenant that shares the embedder, so a text is embedded once across documents while they
-- exist. Rows made before this migration cannot be attributed to a document: as a cache, they go.
delete from embedding_cache;
alter table embedding_cache add column document_id text not null references documents(id) on delete cascade;
alter table embedding_cache drop constraint embedding_cache_pkey;
alter table embedding_cache add primary key (tenant_id, embedder_id, text_hash, document_id);
create index embedding_cache_document on embedding_cache (document_id);
