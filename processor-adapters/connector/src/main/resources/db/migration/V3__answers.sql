-- Every category of a command that the connector answered with a final status is remembered, so that a re-dispatch
-- (the orchestrator sends the step's whole command again: same command id, next attempt, all its categories, after a
-- timeout or when one category failed retryably) is answered from what was done, never acted on again. Acting again
-- finds nothing (the person is gone) and would answer NOT_FOUND for data that was in fact erased.
--
-- connector_pending already keeps the categories answered PENDING until they finish (DONE or FAILED, with the final
-- outcome); it now also keeps the categories answered at once (ERASED, ANONYMISED, RETAINED, RESTRICTED, LIFTED,
-- NOT_FOUND) as finished steps: status DONE, final_outcome set, written in the transaction of the outbox row that
-- publishes the outcome. A category answered FAILED at once leaves no row: a re-dispatch acts on it again.
--
-- Such a row holds ids (command, request), the processor, the category, the action and the signed outcome: counts,
-- a sentence, the processor's own record ids (retention handles, a vendor's object ids) and hashes of what a vendor
-- answered, exactly what the completion record holds; no identifier, no pseudonym, no command. A finished step does
-- not need the pseudonym (the outcome's Kafka key) nor the command any more either: they are cleared when it
-- finishes, and here for the steps already finished.
alter table connector_pending
    alter column message_key drop not null,
    alter column command drop not null,
    alter column expected_completion drop not null,
    alter column due_at drop not null,
    add column pending_evidence text,               -- the PENDING answer's evidence (counts, the kind's sentence)
    add constraint connector_pending_open_complete check (status <> 'PENDING' or (message_key is not null
        and command is not null and expected_completion is not null and due_at is not null));

update connector_pending set message_key = null, command = null where status <> 'PENDING';
