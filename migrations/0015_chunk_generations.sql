-- Issue #16: a large document's chunks are written in many short statements before its final
-- transaction, instead of all inside it (36,000 chunks held PGlite's one connection for 7 s, and
-- every chat and search waited). Rows written ahead carry the writing attempt's generation, from
-- a sequence; a chunk is live while its generation is at most its document's `chunk_generation`,
-- which the final transaction raises to the attempt's. Readers filter on that, so a document's
-- new chunks still appear all at once. `staging_generation` is the attempt allowed to write ahead
-- and publish: the newest claim wins, so two attempts never mix their rows.
create sequence chunk_generation_seq;
alter table chunks add column generation bigint not null default 0;
alter table documents add column chunk_generation bigint not null default 0;
alter table documents add column staging_generation bigint not null default 0;
