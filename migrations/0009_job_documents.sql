-- Issue #12. The documents a job's result is made of (a summary's sentences): a caller reads the
-- job only while it may read each of them, checked at the time of reading. Its own file because
-- the jobs package's tests apply only the jobs table's migrations.
alter table jobs add column document_ids text[] not null default '{}';
