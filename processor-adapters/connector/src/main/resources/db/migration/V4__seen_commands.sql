-- The commands acted on, for the replay rule (org.dsr.connector.command.CommandReplayRule): a command id acted on
-- before is acted on again only as the orchestrator's re-dispatch, i.e. with the same content (everything but
-- attempt, issuedAt and the signature) and a newer attempt. Written in the transaction of the work the command leads
-- to, so a command whose transaction failed is not remembered. A row whose last dispatch was issued longer ago than
-- dsr.connector.commands.max-age is deleted: every dispatch of it is refused by age by then.
--
-- Ids, the processor, a SHA-256 of the signed content and a count: no identifier, no pseudonym.
create table connector_command (
    command_id   uuid not null,
    processor    text not null,
    content_hash text not null,                -- SHA-256 (hex) of the command without attempt, issuedAt, signature
    last_attempt int not null,                 -- the newest attempt acted on
    issued_at    timestamptz not null,         -- when that attempt was issued
    acted_at     timestamptz not null default now(),
    primary key (command_id, processor)
);
create index connector_command_issued on connector_command (issued_at);
