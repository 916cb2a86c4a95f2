-- Issue 18: completion records are stored only once their signature and chain position check out.
-- When this service accepted the verified record that closed a request: the shredding grace period starts here, not
-- at the completedAt a message states. Requests closed before this column existed fall back to updated_at, which
-- was set when their record was stored.
alter table dsr_request add column completion_accepted_at timestamptz;

-- A record's neighbours in the orchestrator's chain (sequence - 1, + 1) are looked up for every record received.
-- Not unique: rows stored before records were verified may repeat a sequence; the consumer refuses a new conflict.
create index completion_record_sequence_idx on completion_record (sequence);
