-- The audit trail's ids come from the sequence 50 at a time (Hibernate's pooled optimizer), so a batch of
-- transitions is inserted in one round trip instead of one INSERT ... RETURNING each. Ids stay unique and rise
-- within an instance; the trail is read in (at, id) order.
alter sequence saga_transition_id_seq increment by 50;
