-- Shared by every processor adapter (adapter-kit): work an asynchronous processor accepted (PENDING) and finishes
-- later (PendingWorkJob). Written in the same transaction as the command's inbox row and its PENDING outcomes.
-- Never plaintext identifiers: only the store's own keys for the subject (account ids, device ids...), and those
-- are cleared once the row is finished.
create table pending_work (
    id                  uuid primary key,
    event_id            text not null,               -- the command event that created the row
    command_id          uuid not null,
    request_id          uuid not null,
    processor           text not null,
    category            text not null,
    action              text not null,
    exec_order          int not null,                -- the category's execution order within the command
    command             text not null,               -- the command as JSON without the encrypted identifiers
    subject_keys        text,                        -- {"key name": [values]}; null once finished
    expected_completion timestamptz not null,        -- as first answered in the PENDING outcome
    due_at              timestamptz not null,        -- next run: the expected completion, later after a failure
    attempts            int not null default 0,
    status              text not null default 'PENDING' check (status in ('PENDING', 'DONE', 'FAILED')),
    last_error          text,                        -- exception class only, never data
    final_outcome       text,                        -- the signed final outcome, once published
    created_at          timestamptz not null default now(),
    finished_at         timestamptz,
    unique (command_id, category)
);
create index pending_work_due on pending_work (due_at) where status = 'PENDING';
