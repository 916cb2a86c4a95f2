-- Pagila (src/test/resources/pagila/pagila-schema.sql, PostgreSQL licence, see LICENSE.txt) ported to MariaDB 10.11
-- for the connector's tests: the same tables, columns, keys, indexes and triggers, in MariaDB's types. Pagila is itself
-- the PostgreSQL port of MySQL's Sakila sample database (BSD licence), so this is close to where it came from.
-- What differs from the PostgreSQL schema, and why:
--   * payment is one table, not partitioned by payment_date: InnoDB refuses foreign keys on partitioned tables, and
--     Pagila's payments reference customer, staff and rental; here all three are declared (as Sakila has them).
--   * a trigger name is unique per database in MariaDB, so Pagila's last_updated triggers are <table>_last_updated.
--   * types: text -> varchar, boolean -> tinyint(1) (MariaDB's boolean), timestamptz -> datetime, bytea -> blob,
--     the year domain -> year, mpaa_rating -> enum, text[] -> set, uuidv7() -> uuid(); film.fulltext (tsvector with
--     its trigger) -> a FULLTEXT index on title and description.
--   * left out: the views, functions, aggregates, the materialised view, and pgvector's film_embedding.

create table actor (
  actor_id int not null auto_increment primary key,
  first_name varchar(45) not null,
  last_name varchar(45) not null,
  last_update datetime not null default current_timestamp,
  key idx_actor_last_name (last_name)
) engine=InnoDB default charset=utf8mb4;

create table category (
  category_id int not null auto_increment primary key,
  name varchar(25) not null,
  last_update datetime not null default current_timestamp
) engine=InnoDB default charset=utf8mb4;

create table language (
  language_id int not null auto_increment primary key,
  name char(20) not null,
  last_update datetime not null default current_timestamp
) engine=InnoDB default charset=utf8mb4;

create table film (
  film_id int not null auto_increment primary key,
  title varchar(255) not null,
  description text,
  release_year year,
  language_id int not null,
  original_language_id int,
  rental_duration smallint not null default 3,
  rental_rate decimal(4,2) not null default 4.99,
  length smallint,
  replacement_cost decimal(5,2) not null default 19.99,
  rating enum('G','PG','PG-13','R','NC-17') default 'G',
  last_update datetime not null default current_timestamp,
  special_features set('Trailers','Commentaries','Deleted Scenes','Behind the Scenes'),
  length_hours decimal(4,2) as (round(length / 60.0, 2)) virtual,
  key idx_title (title),
  key idx_fk_language_id (language_id),
  key idx_fk_original_language_id (original_language_id),
  fulltext key film_fulltext_idx (title, description),
  constraint film_language_id_fkey foreign key (language_id) references language (language_id)
    on update cascade on delete restrict,
  constraint film_original_language_id_fkey foreign key (original_language_id) references language (language_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table film_actor (
  actor_id int not null,
  film_id int not null,
  last_update datetime not null default current_timestamp,
  primary key (actor_id, film_id),
  key idx_fk_film_id (film_id),
  constraint film_actor_actor_id_fkey foreign key (actor_id) references actor (actor_id)
    on update cascade on delete restrict,
  constraint film_actor_film_id_fkey foreign key (film_id) references film (film_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table film_category (
  film_id int not null,
  category_id int not null,
  last_update datetime not null default current_timestamp,
  primary key (film_id, category_id),
  constraint film_category_category_id_fkey foreign key (category_id) references category (category_id)
    on update cascade on delete restrict,
  constraint film_category_film_id_fkey foreign key (film_id) references film (film_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table country (
  country_id int not null auto_increment primary key,
  country varchar(50) not null,
  last_update datetime not null default current_timestamp
) engine=InnoDB default charset=utf8mb4;

create table city (
  city_id int not null auto_increment primary key,
  city varchar(50) not null,
  country_id int not null,
  last_update datetime not null default current_timestamp,
  key idx_fk_country_id (country_id),
  constraint city_country_id_fkey foreign key (country_id) references country (country_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table address (
  address_id int not null auto_increment primary key,
  address varchar(50) not null,
  address2 varchar(50),
  district varchar(20) not null,
  city_id int not null,
  postal_code varchar(10),
  phone varchar(20) not null,
  last_update datetime not null default current_timestamp,
  key idx_fk_city_id (city_id),
  constraint address_city_id_fkey foreign key (city_id) references city (city_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table store (
  store_id int not null auto_increment primary key,
  manager_staff_id int not null,
  address_id int not null,
  last_update datetime not null default current_timestamp,
  unique key idx_unq_manager_staff_id (manager_staff_id),
  constraint store_address_id_fkey foreign key (address_id) references address (address_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table staff (
  staff_id int not null auto_increment primary key,
  first_name varchar(45) not null,
  last_name varchar(45) not null,
  address_id int not null,
  email varchar(50),
  store_id int not null,
  active boolean not null default true,
  username varchar(16) not null,
  password varchar(40),
  last_update datetime not null default current_timestamp,
  picture blob,
  constraint staff_address_id_fkey foreign key (address_id) references address (address_id)
    on update cascade on delete restrict,
  constraint staff_store_id_fkey foreign key (store_id) references store (store_id)
) engine=InnoDB default charset=utf8mb4;

create table customer (
  customer_id int not null auto_increment primary key,
  store_id int not null,
  first_name varchar(45) not null,
  last_name varchar(45) not null,
  email varchar(50),
  address_id int not null,
  activebool boolean not null default true,
  create_date date not null default (curdate()),
  last_update datetime default current_timestamp,
  active int,
  uuid uuid not null default uuid(),
  unique key customer_uuid_key (uuid),
  key idx_fk_address_id (address_id),
  key idx_fk_store_id (store_id),
  key idx_last_name (last_name),
  constraint customer_address_id_fkey foreign key (address_id) references address (address_id)
    on update cascade on delete restrict,
  constraint customer_store_id_fkey foreign key (store_id) references store (store_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table inventory (
  inventory_id int not null auto_increment primary key,
  film_id int not null,
  store_id int not null,
  last_update datetime not null default current_timestamp,
  key idx_store_id_film_id (store_id, film_id),
  constraint inventory_film_id_fkey foreign key (film_id) references film (film_id)
    on update cascade on delete restrict,
  constraint inventory_store_id_fkey foreign key (store_id) references store (store_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table rental (
  rental_id int not null auto_increment primary key,
  rental_date datetime not null,
  inventory_id int not null,
  customer_id int not null,
  return_date datetime,
  staff_id int not null,
  last_update datetime not null default current_timestamp,
  uuid uuid not null default uuid(),
  unique key idx_unq_rental_rental_date_inventory_id_customer_id (rental_date, inventory_id, customer_id),
  unique key rental_uuid_key (uuid),
  key idx_fk_inventory_id (inventory_id),
  constraint rental_customer_id_fkey foreign key (customer_id) references customer (customer_id)
    on update cascade on delete restrict,
  constraint rental_inventory_id_fkey foreign key (inventory_id) references inventory (inventory_id)
    on update cascade on delete restrict,
  constraint rental_staff_id_fkey foreign key (staff_id) references staff (staff_id)
    on update cascade on delete restrict
) engine=InnoDB default charset=utf8mb4;

create table payment (
  payment_id int not null auto_increment primary key,
  customer_id int not null,
  staff_id int not null,
  rental_id int not null,
  amount decimal(5,2) not null,
  payment_date datetime not null,
  uuid uuid not null default uuid(),
  unique key payment_uuid_key (uuid),
  constraint payment_customer_id_fkey foreign key (customer_id) references customer (customer_id),
  constraint payment_rental_id_fkey foreign key (rental_id) references rental (rental_id),
  constraint payment_staff_id_fkey foreign key (staff_id) references staff (staff_id)
) engine=InnoDB default charset=utf8mb4;

create trigger actor_last_updated before update on actor for each row set new.last_update = current_timestamp;
create trigger address_last_updated before update on address for each row set new.last_update = current_timestamp;
create trigger category_last_updated before update on category for each row set new.last_update = current_timestamp;
create trigger city_last_updated before update on city for each row set new.last_update = current_timestamp;
create trigger country_last_updated before update on country for each row set new.last_update = current_timestamp;
create trigger customer_last_updated before update on customer for each row set new.last_update = current_timestamp;
create trigger film_last_updated before update on film for each row set new.last_update = current_timestamp;
create trigger film_actor_last_updated before update on film_actor for each row
  set new.last_update = current_timestamp;
create trigger film_category_last_updated before update on film_category for each row
  set new.last_update = current_timestamp;
create trigger inventory_last_updated before update on inventory for each row set new.last_update = current_timestamp;
create trigger language_last_updated before update on language for each row set new.last_update = current_timestamp;
create trigger rental_last_updated before update on rental for each row set new.last_update = current_timestamp;
create trigger staff_last_updated before update on staff for each row set new.last_update = current_timestamp;
create trigger store_last_updated before update on store for each row set new.last_update = current_timestamp;
