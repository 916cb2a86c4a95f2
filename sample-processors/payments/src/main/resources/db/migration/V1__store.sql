-- The payment platform's own store. Personal data: customers (name, email, phone, address, org and customer number),
-- payment methods (card tokens), invoices (buyer name and address: bookkeeping records kept by law).

create table customers (
    id              bigserial primary key,
    customer_number text unique,
    name            text not null,
    email           text,
    phone           text,
    address         text,
    org_number      text,
    jurisdiction    text not null,
    anonymised_at   timestamptz,
    created_at      timestamptz not null default now()
);
create index customers_email on customers (email);

create table payment_methods (
    id          bigserial primary key,
    customer_id bigint not null references customers (id),
    kind        text not null,
    brand       text,
    last4       text,
    token       text not null,
    expires     text,
    created_at  timestamptz not null default now()
);
create index payment_methods_customer on payment_methods (customer_id);

-- restricted: kept for bookkeeping only (Art. 18(2): storage only) until retained_until, then erased.
create table invoices (
    id              bigserial primary key,
    invoice_number  text not null unique,
    customer_id     bigint not null references customers (id),
    fiscal_year_end date not null,
    issued_on       date not null,
    due_on          date not null,
    buyer_name      text not null,
    buyer_address   text,
    amount          numeric(12, 2) not null,
    vat             numeric(12, 2) not null,
    currency        text not null,
    restricted      boolean not null default false,
    retained_until  date
);
create index invoices_customer on invoices (customer_id);

create table invoice_lines (
    id          bigserial primary key,
    invoice_id  bigint not null references invoices (id),
    description text not null,
    quantity    int not null,
    unit_price  numeric(12, 2) not null,
    vat_rate    numeric(4, 2) not null
);
create index invoice_lines_invoice on invoice_lines (invoice_id);

create table payments (
    id         bigserial primary key,
    invoice_id bigint not null references invoices (id),
    amount     numeric(12, 2) not null,
    method     text not null,
    paid_at    timestamptz not null
);
create index payments_invoice on payments (invoice_id);
