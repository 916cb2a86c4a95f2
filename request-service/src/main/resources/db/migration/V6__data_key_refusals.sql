-- A data key is released only to the processor a request was routed to (the orchestrator-signed command the caller
-- sends, and the processors its token names): a refused fetch is audited REFUSED with its reason, and every fetch
-- with the processor and command it was asked for. Ids, a processor name and a fixed sentence: no personal data.
alter table data_key_access
    add column reason     text,
    add column processor  text,
    add column command_id uuid;
