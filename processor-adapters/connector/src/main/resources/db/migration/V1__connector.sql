-- The connector's own bookkeeping. The processors' data lives in their own systems; nothing here holds identifiers.

-- An attempt at a command that may have acted on the processor before its outcome was recorded: written and
-- committed by the kind before it acts (what it found, as opaque handles and counts), deleted in the transaction
-- that records the outcome. A row left behind means the attempt was interrupted; the next one reads it back.
create table connector_attempt (
    command_id  uuid not null,
    processor   text not null,
    state       text not null,
    recorded_at timestamptz not null default now(),
    primary key (command_id, processor)
);

-- A category a processor answered PENDING (an asynchronous vendor, a webhook that answers later, a manual task):
-- asked again by PendingStepJob at due_at, or completed by a callback or an operator. Written in the transaction of
-- the PENDING outcome; the final outcome is kept once published, so a re-dispatch is answered with a copy.
create table connector_pending (
    id                  uuid primary key,
    command_id          uuid not null,
    request_id          uuid not null,
    processor           text not null,
    category            text not null,
    action              text not null,
    message_key         text not null,               -- the subject pseudonym, the outcome's Kafka key
    command             text not null,               -- the command as JSON without the encrypted identifiers
    resume_state        text,                        -- the kind's handle to ask again (status URL, job id); no data
    expected_completion timestamptz not null,
    due_at              timestamptz not null,
    polls               int not null default 0,
    attempts            int not null default 0,      -- failed polls in a row
    status              text not null default 'PENDING' check (status in ('PENDING', 'DONE', 'FAILED')),
    last_error          text,                        -- exception class only, never data
    final_outcome       text,
    created_at          timestamptz not null default now(),
    finished_at         timestamptz,
    unique (command_id, processor, category)
);
create index connector_pending_due on connector_pending (due_at) where status = 'PENDING';
