-- kind manual (docs/connectors/manual.md): a command to a processor with no API becomes a task for an operator, who
-- asks the vendor and completes the task with the vendor's confirmation. Nothing here identifies the data subject:
-- the task names the request, its categories and which identifier types to give the vendor, never their values.

-- One task per command and processor, written in the transaction of the PENDING outcomes it answers for.
create table manual_task (
    id               uuid primary key,                 -- derived from the command id and the processor
    processor        text not null,
    command_id       uuid not null,
    request_id       uuid not null,
    request_type     text not null,
    jurisdiction     text not null,
    identifier_types text not null,                    -- e.g. EMAIL,PHONE: which identifiers to look up, never values
    categories       text not null,                    -- JSON: category, action, retention handles, pending step id
    vendor           text not null,
    contact          text not null,
    instructions     text not null,                    -- rendered from the settings' template: no identifiers
    respond_by       timestamptz not null,             -- now + respond-within when the command arrived
    status           text not null default 'OPEN' check (status in ('OPEN', 'COMPLETED')),
    reminders        int not null default 0,
    reminded_at      timestamptz,                      -- the last time the task was found overdue
    created_at       timestamptz not null default now(),
    completed_at     timestamptz,
    completed_by     text,                             -- the operator's name from the token (upn, preferred name, sub)
    outcomes         text,                             -- JSON: category -> status, as completed
    confirmations    text,                             -- JSON: the evidence exchanges (SHA-256 of file and/or text)
    unique (command_id, processor)
);
create index manual_task_open on manual_task (respond_by) where status = 'OPEN';

-- Who did what to a task, and when: created, reminded, completed. Details are statuses and counts, never data.
create table manual_task_event (
    id       bigserial primary key,
    task_id  uuid not null references manual_task (id),
    at       timestamptz not null default now(),
    actor    text not null,                            -- an operator's name, or 'connector'
    event    text not null check (event in ('CREATED', 'REMINDED', 'COMPLETED')),
    detail   text
);
create index manual_task_event_task on manual_task_event (task_id, at);
