-- The hosting erasure (sample-processors/hosting/src/main/resources/data-map.yaml), set-based for every
-- subject of the batch at once: resolve the keys, delete each category with per-subject counts as evidence, verify.
-- floor_subjects(email) is filled by the bench before the timed part.
create temp table s on commit drop as
    select a.id from accounts a join floor_subjects f using (email);
create temp table d on commit drop as
    select distinct device_id from access_logs
    where account_id in (select id from s) and device_id is not null;
with x as (delete from sessions where account_id in (select id from s) returning account_id)
    select account_id, count(*) from x group by account_id;
with x as (delete from uploaded_files where account_id in (select id from s) returning account_id)
    select account_id, count(*) from x group by account_id;
with x as (delete from access_logs
           where account_id in (select id from s) or device_id in (select device_id from d)
           returning account_id)
    select account_id, count(*) from x group by account_id;
with x as (delete from profiles where account_id in (select id from s) returning account_id)
    select account_id, count(*) from x group by account_id;
with x as (delete from accounts where id in (select id from s) returning id)
    select id, count(*) from x group by id;
select (select count(*) from s) as matched,
       (select count(*) from sessions where account_id in (select id from s))
     + (select count(*) from uploaded_files where account_id in (select id from s))
     + (select count(*) from access_logs
        where account_id in (select id from s) or device_id in (select device_id from d))
     + (select count(*) from profiles where account_id in (select id from s))
     + (select count(*) from accounts where id in (select id from s)) as remaining;
