-- Web console (issue 7).
-- Live updates: every instance polls once a second for what changed recently. A step can change without the saga row
-- (saga.updated_at moves only with the saga's own status), but every change of a saga or a step writes a transition,
-- and every hand action an operator_action row: those two, by time, are the change feed.
create index if not exists saga_transition_at_idx on saga_transition (at);
create index if not exists operator_action_at_idx on operator_action (at);
-- The saga list: newest first, and the received-between filter.
create index if not exists saga_received_at_idx on saga (received_at);
-- Deadlines: open sagas by due date.
create index if not exists saga_open_due_idx on saga (due_at)
    where status not in ('COMPLETED', 'COMPLETED_WITH_RETENTION', 'CANCELLED');

-- Dead letters replayed from the console: who, when, why, and which record went back to which topic. Metadata only:
-- the record's value is not copied here.
create table dead_letter_replay (
    id               bigserial primary key,
    dlq_topic        text not null,
    dlq_partition    int not null,
    dlq_offset       bigint not null,
    original_topic   text not null,
    event_type       text,
    event_id         text,
    actor            text not null,
    reason           text not null,
    at               timestamptz not null
);
create index dead_letter_replay_record_idx on dead_letter_replay (dlq_topic, dlq_partition, dlq_offset);
