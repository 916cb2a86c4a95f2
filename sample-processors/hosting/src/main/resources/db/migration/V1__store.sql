-- The hosting platform's own store. Personal data: accounts (email, name, password hash, personnummer), profiles,
-- sessions (IP, browser), uploaded files (names, metadata), access logs (IP, browser, pages, device ids).

create table accounts (
    id            bigserial primary key,
    user_id       text not null unique,
    email         text not null unique,
    full_name     text not null,
    password_hash text not null,
    personnummer  text unique,
    restricted    boolean not null default false,
    created_at    timestamptz not null default now()
);

create table profiles (
    account_id   bigint primary key references accounts (id),
    display_name text,
    phone        text,
    locale       text,
    bio          text,
    avatar_url   text,
    updated_at   timestamptz not null default now()
);

create table sessions (
    id           uuid primary key default gen_random_uuid(),
    account_id   bigint not null references accounts (id),
    ip           text not null,
    user_agent   text,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now()
);
create index sessions_account on sessions (account_id);

create table uploaded_files (
    id           bigserial primary key,
    account_id   bigint not null references accounts (id),
    file_name    text not null,
    content_type text not null,
    size_bytes   bigint not null,
    storage_key  text not null,
    metadata     jsonb not null default '{}',
    uploaded_at  timestamptz not null default now()
);
create index uploaded_files_account on uploaded_files (account_id);

-- account_id is null for visitors who were not signed in, and after anonymisation.
create table access_logs (
    id         bigserial primary key,
    account_id bigint references accounts (id),
    ip         text,
    user_agent text,
    path       text not null,
    status     int not null,
    device_id  text,
    at         timestamptz not null
);
create index access_logs_account on access_logs (account_id);
create index access_logs_device on access_logs (device_id);
