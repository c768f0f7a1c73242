-- Review item 6: an earlier turn that the history screening leaves out is recorded as subject 'history'
-- (subject_id: the turn's index), not as a new 'input' block on every later request of the conversation.
alter table guardrail_audit drop constraint if exists guardrail_audit_subject_check;
alter table guardrail_audit
  add constraint guardrail_audit_subject_check check (subject in ('input', 'output', 'document', 'history'));
