-- Issue 5: per-request data keys (crypto-shredding), who submitted, identity verification, deadline extensions,
-- idempotency keys, the key access audit, and every pseudonym of a request's subject for compliance look-ups.

alter table dsr_request add column submitted_by text;
alter table dsr_request add column verification text not null default 'VERIFIED';
alter table dsr_request add column verified_by text;
alter table dsr_request add column verified_at timestamptz;
alter table dsr_request add column extended_due_at timestamptz;
alter table dsr_request add column extension_reason text;
alter table dsr_request add column shredded_at timestamptz;
-- after shredding only the pseudonym remains: the ciphertext columns are emptied
alter table dsr_request alter column identifiers_nonce drop not null;
alter table dsr_request alter column identifiers_ciphertext drop not null;

-- A second open request for the same subject and type is not created: the existing one is returned.
create unique index dsr_request_open_subject_type_idx on dsr_request (subject_pseudonym, type)
    where status not in ('COMPLETED', 'COMPLETED_WITH_RETENTION', 'CANCELLED');
create index dsr_request_status_idx on dsr_request (status, received_at);
create index dsr_request_submitted_by_idx on dsr_request (submitted_by);

-- Every identifier's pseudonym (the first one is dsr_request.subject_pseudonym), so compliance finds a person's
-- requests from any identifier they were submitted with.
create table request_pseudonym (
    pseudonym  text not null,
    request_id uuid not null references dsr_request (id),
    primary key (pseudonym, request_id)
);

-- One AES-256 data key per request, stored only wrapped (AES-GCM) under the key-encryption key (KEK).
-- Shredding nulls wrapped_key and keeps the row as a tombstone (destroyed_at).
create table data_key (
    key_id       text primary key,
    request_id   uuid not null unique references dsr_request (id),
    kek_id       text not null,
    wrapped_key  text,
    created_at   timestamptz not null,
    destroyed_at timestamptz
);

-- Who fetched which data key, when, and what they got.
create table data_key_access (
    id          bigserial primary key,
    key_id      text not null,
    request_id  uuid,
    accessed_by text not null,
    accessed_at timestamptz not null,
    result      text not null
);
create index data_key_access_key_idx on data_key_access (key_id);

-- Idempotency-Key: per caller, the hash of the request (keyed, so it reveals nothing) and the response given.
create table idempotency_key (
    caller          text not null,
    idempotency_key text not null,
    request_hash    text not null,
    request_id      uuid not null references dsr_request (id),
    response_status integer not null,
    response_body   text not null,
    created_at      timestamptz not null,
    primary key (caller, idempotency_key)
);
