-- The mail platform's erasure (what the privacy API does, privacy-api/template.yaml), set-based for the whole batch.
create temp table s on commit drop as
    select c.id from contacts c join floor_subjects f using (email);
with x as (delete from list_memberships where contact_id in (select id from s) returning contact_id)
    select contact_id, count(*) from x group by contact_id;
with x as (delete from consent_records where contact_id in (select id from s) returning contact_id)
    select contact_id, count(*) from x group by contact_id;
with x as (delete from delivery_logs
           where contact_id in (select id from s) or recipient in (select email from floor_subjects)
           returning contact_id)
    select contact_id, count(*) from x group by contact_id;
with x as (delete from contacts where id in (select id from s) returning id)
    select id, count(*) from x group by id;
insert into suppression_list (address_hash, reason, created_at)
    select encode(sha256(convert_to(lower(email), 'UTF8')), 'hex'), 'ERASURE', now() from floor_subjects
    on conflict do nothing;
select (select count(*) from s) as matched,
       (select count(*) from list_memberships where contact_id in (select id from s))
     + (select count(*) from consent_records where contact_id in (select id from s))
     + (select count(*) from delivery_logs
        where contact_id in (select id from s) or recipient in (select email from floor_subjects))
     + (select count(*) from contacts where id in (select id from s)) as remaining;
