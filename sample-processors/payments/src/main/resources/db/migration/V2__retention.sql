-- retained_for: the pseudonym of the request that retained the invoice (an HMAC, no identifier), so that a
-- re-dispatched erasure still finds what it retained after the customer row lost its identifiers. Erased with the
-- invoice by the deferred erasure.
alter table invoices add column retained_for text;
create index invoices_retained_for on invoices (retained_for);

-- Payment reminders: processing of an invoice. Refused for a restricted (retained) invoice.
create table invoice_reminders (
    id         bigserial primary key,
    invoice_id bigint not null references invoices (id),
    sent_at    timestamptz not null default now()
);
create index invoice_reminders_invoice on invoice_reminders (invoice_id);
