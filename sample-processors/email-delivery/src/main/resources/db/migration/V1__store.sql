-- The email-delivery platform's own store. Personal data: contacts (address, name), list memberships, consent
-- records (with IP), delivery logs (recipient, opens and clicks with IP and browser).

create table contacts (
    id         bigserial primary key,
    email      text not null unique,
    first_name text,
    last_name  text,
    locale     text,
    source     text not null,
    suppressed boolean not null default false,
    created_at timestamptz not null default now()
);

create table lists (
    id          bigserial primary key,
    name        text not null unique,
    description text not null
);

create table list_memberships (
    contact_id    bigint not null references contacts (id),
    list_id       bigint not null references lists (id),
    subscribed_at timestamptz not null,
    primary key (contact_id, list_id)
);

create table consent_records (
    id          bigserial primary key,
    contact_id  bigint not null references contacts (id),
    purpose     text not null,
    granted     boolean not null,
    ip          text,
    recorded_at timestamptz not null
);
create index consent_records_contact on consent_records (contact_id);

create table delivery_logs (
    id           bigserial primary key,
    contact_id   bigint references contacts (id),
    recipient    text not null,
    message_id   text not null,
    subject_line text not null,
    event        text not null check (event in ('sent', 'delivered', 'opened', 'clicked', 'bounced')),
    ip           text,
    user_agent   text,
    at           timestamptz not null
);
create index delivery_logs_contact on delivery_logs (contact_id);
create index delivery_logs_recipient on delivery_logs (recipient);

-- Kept after erasure so that a later import or send cannot bring the person back: only an HMAC-SHA-256 of the
-- normalised address under a key of this adapter; no address, no name.
create table suppression_list (
    id           bigserial primary key,
    address_hash text not null unique,
    reason       text not null,
    created_at   timestamptz not null default now()
);
