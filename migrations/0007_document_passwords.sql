-- The password of an encrypted PDF, kept only until its ingestion job has used it (issue #3):
-- job payloads are kept for the job's history, so the password must not travel in one.
create table document_passwords (
  document_id text primary key references documents(id) on delete cascade,
  password text not null,
  created_at timestamptz not null default now()
);
