-- The key audit's ids come from the sequence 50 at a time (Hibernate's pooled optimizer), so a batch fetch's audit
-- rows are inserted in one round trip instead of one INSERT ... RETURNING each.
alter sequence data_key_access_id_seq increment by 50;
