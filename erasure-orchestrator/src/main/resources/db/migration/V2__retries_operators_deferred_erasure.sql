-- When a step is due for its next dispatch: after a retryable failure (with backoff) or after its timeout.
alter table saga_step add column next_attempt_at timestamptz;
alter table saga_step add column expected_completion timestamptz;
create index saga_step_next_attempt_idx on saga_step (next_attempt_at) where next_attempt_at is not null;

-- Art. 12(3): one extension of at most two further months, with the reason.
alter table saga add column original_due_at timestamptz;
alter table saga add column extension_reason text;

-- Who did what by hand, when and why.
create table operator_action (
    id         bigserial primary key,
    request_id uuid not null references saga (request_id),
    processor  text,
    action     text not null,
    actor      text not null,
    reason     text not null,
    at         timestamptz not null
);
create index operator_action_request_idx on operator_action (request_id);

-- Retained categories are erased when retention ends: the orchestrator owns that date. The command names the
-- adapter's retention handles, not the person, whose identifiers are long shredded by then.
create table deferred_erasure (
    id           uuid primary key,
    request_id   uuid not null references saga (request_id),
    processor    text not null,
    category     text not null,
    handles_json text not null,
    due_on       date not null,
    status       text not null,
    command_id   uuid unique,
    dispatched_at timestamptz,
    completed_at timestamptz,
    outcome_payload text,
    unique (request_id, processor, category)
);
create index deferred_erasure_due_idx on deferred_erasure (due_on) where status = 'SCHEDULED';
