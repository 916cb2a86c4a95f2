-- request-service schema. No column ever holds a plaintext identifier: the subject is a pseudonym plus the
-- identifiers as AES-256-GCM ciphertext (bound to the request id).

create table dsr_request (
    id                     uuid primary key,
    type                   text not null,
    jurisdiction           text not null,
    status                 text not null,
    subject_pseudonym      text not null,
    -- the kinds of identifiers given (e.g. EMAIL,USER_ID): types only, never values
    identifier_types       text not null,
    identifiers_key_id     text not null,
    identifiers_algorithm  text not null,
    identifiers_nonce      text not null,
    identifiers_ciphertext text not null,
    received_at            timestamptz not null,
    due_at                 timestamptz not null,
    completed_at           timestamptz,
    -- version of the newest completion record applied to status/completed_at
    completion_version     integer,
    updated_at             timestamptz not null
);

create index dsr_request_pseudonym_idx on dsr_request (subject_pseudonym);
create index dsr_request_open_due_idx on dsr_request (due_at) where completed_at is null;

-- Read model: the latest outcome per processor and data category of a request.
create table request_outcome (
    request_id           uuid not null references dsr_request (id),
    processor            text not null,
    category             text not null,
    outcome_id           uuid not null,
    command_id           uuid,
    action               text not null,
    status               text not null,
    rows_affected        bigint,
    remaining_matches    bigint,
    verification         text,
    legal_basis          text,
    retain_until         date,
    retention_handles    text,
    expected_completion  timestamptz,
    failure_retryable    boolean,
    failure_reason       text,
    outcome_completed_at timestamptz,
    signed               boolean not null,
    updated_at           timestamptz not null,
    primary key (request_id, processor, category)
);

-- Completion records exactly as received: data is the raw JSON of the CloudEvent's data, so its canonical form
-- and signature stay verifiable.
create table completion_record (
    record_id    uuid primary key,
    request_id   uuid not null references dsr_request (id),
    version      integer not null,
    sequence     bigint not null,
    status       text not null,
    completed_at timestamptz,
    data         text not null,
    received_at  timestamptz not null,
    unique (request_id, version)
);
