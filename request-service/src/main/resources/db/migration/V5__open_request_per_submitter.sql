-- Issue 18: a duplicate submission must not hand another caller's request back. One open request per subject, type
-- and submitter: a second caller asking for the same person gets a request of its own (the same caller's repeat still
-- gets its open request back), so nothing tells it that someone else asked.
drop index dsr_request_open_subject_type_idx;
create unique index dsr_request_open_subject_type_submitter_idx
    on dsr_request (subject_pseudonym, type, coalesce(submitted_by, ''))
    where status not in ('COMPLETED', 'COMPLETED_WITH_RETENTION', 'CANCELLED');
