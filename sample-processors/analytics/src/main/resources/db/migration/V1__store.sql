-- The analytics platform's own store. Personal data: users (user id, email), devices (cookie/device ids), events
-- (user id, device id, anonymous id, IP). daily_aggregates are counts per day and event name: no personal data.

create table users (
    user_id    text primary key,
    email      text unique,
    plan       text,
    country    text,
    first_seen timestamptz not null
);

create table devices (
    device_id  text primary key,
    user_id    text not null references users (user_id),
    platform   text not null,
    first_seen timestamptz not null,
    last_seen  timestamptz not null
);
create index devices_user on devices (user_id);

-- user_id is null for events before sign-in; such events are linked to the person by device or anonymous id.
create table events (
    id           bigserial primary key,
    user_id      text references users (user_id),
    device_id    text,
    anonymous_id text,
    ip           text,
    name         text not null,
    properties   jsonb not null default '{}',
    at           timestamptz not null
);
create index events_user on events (user_id);
create index events_device on events (device_id);
create index events_anonymous on events (anonymous_id);

create table daily_aggregates (
    day        date not null,
    event_name text not null,
    count      bigint not null,
    primary key (day, event_name)
);
