-- The payments erasure (its data-map.yaml): card tokens deleted, invoices kept restricted
-- with a retain-until, the customer row anonymised; set-based for the whole batch.
create temp table c on commit drop as
    select id from customers join floor_subjects using (email);
with x as (delete from payment_methods where customer_id in (select id from c) returning customer_id)
    select customer_id, count(*) from x group by customer_id;
with x as (update invoices
           set restricted = true,
               retained_until = cast(date_trunc('year', issued_on) + interval '8 years' as date),
               retained_for = coalesce(retained_for, md5(cast(customer_id as text)))
           where customer_id in (select id from c)
           returning customer_id)
    select customer_id, count(*) from x group by customer_id;
with x as (update customers
           set name = '***', email = null, phone = null, address = null, org_number = null,
               customer_number = null, anonymised_at = now()
           where id in (select id from c)
           returning id)
    select id, count(*) from x group by id;
select (select count(*) from c) as matched,
       (select count(*) from payment_methods where customer_id in (select id from c))
     + (select count(*) from invoices where customer_id in (select id from c) and not restricted)
     + (select count(*) from customers where id in (select id from c) and email is not null) as remaining;
