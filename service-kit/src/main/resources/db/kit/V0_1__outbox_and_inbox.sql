-- Shared by every service (service-kit). Service migrations start at V1.

-- Transactional outbox: written in the same transaction as the state change it announces; the relay publishes
-- rows in order of seq and deletes them once Kafka has acknowledged them.
create table outbox_event (
    id           uuid primary key,
    seq          bigserial not null unique,
    topic        text not null,
    message_key  text not null,
    event_type   text not null,
    payload      text not null,
    created_at   timestamptz not null default now()
);

-- Inbox: one row per message a consumer has processed; a redelivered message finds its row and changes nothing.
create table inbox_message (
    consumer     text not null,
    message_id   text not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
);
