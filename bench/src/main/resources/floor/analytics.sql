-- The analytics erasure (data-map.yaml: users, their devices, the anonymous ids stitched to either),
-- set-based for the whole batch.
create temp table u on commit drop as
    select user_id from users join floor_subjects using (email);
create temp table d on commit drop as
    select device_id from devices where user_id in (select user_id from u);
create temp table a on commit drop as
    select distinct anonymous_id from events
    where (user_id in (select user_id from u) or device_id in (select device_id from d))
      and anonymous_id is not null;
with x as (delete from events
           where user_id in (select user_id from u) or device_id in (select device_id from d)
              or anonymous_id in (select anonymous_id from a)
           returning user_id)
    select user_id, count(*) from x group by user_id;
with x as (delete from devices
           where user_id in (select user_id from u) or device_id in (select device_id from d)
           returning user_id)
    select user_id, count(*) from x group by user_id;
with x as (delete from users where user_id in (select user_id from u) returning user_id)
    select user_id, count(*) from x group by user_id;
select (select count(*) from u) as matched,
       (select count(*) from events
        where user_id in (select user_id from u) or device_id in (select device_id from d)
           or anonymous_id in (select anonymous_id from a))
     + (select count(*) from devices where user_id in (select user_id from u))
     + (select count(*) from users where user_id in (select user_id from u)) as remaining;
