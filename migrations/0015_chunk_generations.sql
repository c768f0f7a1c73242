-- Issue #16: a large document's chunks are written in many short statements before its final
-- transaction, instead of all inside it (36,000 chunks held PGlite's one connection for 7 s, and
-- every chat and search waited). Rows written ahead carry the writing attempt's generation; a
-- chunk is live only while its generation is its document's `chunk_generation`, which the final
-- transaction sets. Readers filter on that, so a document's new chunks still appear all at once.
create sequence chunk_generation_seq;
alter table chunks add column generation bigint not null default 0;
alter table documents add column chunk_generation bigint not null default 0;
