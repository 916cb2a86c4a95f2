-- One saga per request. The subject is kept only as pseudonym and ciphertext (needed to re-dispatch a command);
-- the orchestrator never holds a plaintext identifier.
create table saga (
    request_id        uuid primary key,
    request_type      text not null,
    jurisdiction      text not null,
    subject_pseudonym text not null,
    subject_json      text not null,
    received_at       timestamptz not null,
    due_at            timestamptz not null,
    status            text not null,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    completed_at      timestamptz
);
create index saga_status_idx on saga (status);

-- One step per processor the policy names for the request type.
create table saga_step (
    id              uuid primary key,
    request_id      uuid not null references saga (request_id),
    processor       text not null,
    status          text not null,
    command_id      uuid not null unique,
    attempt         int not null,
    categories_json text not null,
    dispatched_at   timestamptz,
    completed_at    timestamptz,
    last_error      text,
    unique (request_id, processor)
);

-- Every outcome as the processor signed it.
create table step_outcome (
    outcome_id  uuid primary key,
    request_id  uuid not null references saga (request_id),
    processor   text not null,
    command_id  uuid not null,
    category    text not null,
    status      text not null,
    payload     text not null,
    received_at timestamptz not null
);
create index step_outcome_request_idx on step_outcome (request_id);

-- Audit trail: every transition of a saga or a step, with its time and cause.
create table saga_transition (
    id          bigserial primary key,
    request_id  uuid not null references saga (request_id),
    processor   text,
    from_status text,
    to_status   text not null,
    cause       text not null,
    at          timestamptz not null
);
create index saga_transition_request_idx on saga_transition (request_id);

-- The append-only, hash-chained completion records. sequence and (request_id, version) are unique, so two
-- instances can never write two records for one completion nor fork the chain.
create table completion_record (
    record_id     uuid primary key,
    request_id    uuid not null references saga (request_id),
    version       int not null,
    sequence      bigint not null unique,
    status        text not null,
    previous_hash text not null,
    record_hash   text not null unique,
    payload       text not null,
    created_at    timestamptz not null,
    unique (request_id, version)
);

-- The chain's head, locked by whoever appends.
create table completion_chain_head (
    id        int primary key check (id = 1),
    sequence  bigint not null,
    last_hash text not null
);
insert into completion_chain_head (id, sequence, last_hash) values (1, 0, repeat('0', 64));
