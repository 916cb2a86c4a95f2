package org.dsr.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.SubjectMatch;
import org.dsr.adapter.kit.datamap.DataMapEngine;
import org.dsr.adapter.kit.sql.SqlSession;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * RETAIN's deferred erasure on a real MariaDB where Pagila has no such shape: the parent left orphaned
 * ({@code delete-orphaned}) is referenced by its own table (members referred by members). MariaDB refuses a
 * multi-table statement whose subquery reads the table it deletes from (error 1093) but, since 10.3.1, not a
 * single-table DELETE: the orphan deletion's {@code not exists (select 1 from members x ...)} runs, and a member
 * another member still refers to is kept. Statements through the connector's own session, on its user.
 */
@EnabledIf("org.dsr.connector.sql.MariaDbServer#runnable")
@RealInfrastructureTest
class MariaDbDeferredEraseTest {

    static final String DATABASE = "deferred_erase_test";
    static final String MAP = """
            keys:
              member:
                table: members
                column: id
                identifiers: { EMAIL: email }
            categories:
              orders:
                table: orders
                id: id
                order: 10
                match: { member_id: member }
                actions:
                  RETAIN: { retain-until: bookkeeping, date-column: booked, until-column: kept_until,
                            with-dependents: [order_lines], delete-orphaned: [members] }
              member:
                table: members
                id: id
                order: 20
                match: { id: member }
                legal-basis: "GDPR Art. 6(1)(b)"
                actions:
                  ANONYMISE: { email: null, anonymised_at: now }
            """;

    static MariaDbServer server;
    static Vertx vertx;
    static Pool pool;
    static DataMapEngine engine;

    @BeforeAll
    static void start() throws Exception {
        server = MariaDbServer.get();
        server.createDatabase(DATABASE);
        server.load(DATABASE, """
                create table members (id bigint primary key, email varchar(200), referred_by bigint,
                  anonymised_at datetime, foreign key (referred_by) references members (id));
                create index members_email on members (email);
                create table orders (id bigint primary key, member_id bigint not null, booked date not null,
                  kept_until date, foreign key (member_id) references members (id));
                create table order_lines (id bigint primary key, order_id bigint not null,
                  foreign key (order_id) references orders (id));
                """);
        vertx = Vertx.vertx();
        pool = SqlKind.mariaDbPool(
                vertx,
                "127.0.0.1",
                server.port(),
                DATABASE,
                MariaDbServer.USER,
                MariaDbServer.PASSWORD,
                1,
                "dsr-connector-test");
        engine = DataMapEngine.load(MAP, "data-map.yaml", SqlKind.mariaDbCatalog(pool), () -> {
            throw new AssertionError("no keyed-hash column in this map");
        });
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.closeAndAwait();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
    }

    @Test
    void deletesAnOrphanedAnonymisedParentButNotOneItsOwnTableStillReferences() {
        // 1 and 3 erased earlier (anonymised, their orders retained); 2, still a member, was referred by 1
        server.load(DATABASE, """
                insert into members (id, email, referred_by, anonymised_at) values
                  (1, null, null, now()), (2, 'm2@example.test', 1, null), (3, null, null, now());
                insert into orders (id, member_id, booked, kept_until) values
                  (10, 1, '2018-03-01', '2025-12-31'), (11, 3, '2018-04-01', '2025-12-31'),
                  (12, 3, '2024-05-01', '2031-12-31');
                insert into order_lines (id, order_id) values (100, 10), (101, 10), (110, 11), (120, 12);
                """);

        // order 12 is still within its retention: refused, nothing deleted
        CategoryResult refused = deferredErase(List.of("10", "11", "12"));
        assertThat(refused.failure()).isNotNull();
        assertThat(refused.failure().retryable()).isFalse();
        assertThat(refused.failure().reason())
                .isEqualTo("1 named orders rows are not retained or still within" + " their retention period");
        assertThat(count("select count(*) from orders")).isEqualTo(3);
        assertThat(count("select count(*) from order_lines")).isEqualTo(4);

        CategoryResult erased = deferredErase(List.of("10", "11"));
        assertThat(erased.failure()).isNull();
        assertThat(erased.rowsAffected()).isEqualTo(2);
        assertThat(erased.remainingMatches()).isZero();
        assertThat(count("select count(*) from orders where id in (10, 11)")).isZero();
        assertThat(count("select count(*) from order_lines where order_id in (10, 11)"))
                .isZero();
        // 1 is still referred to by member 2 (a foreign key of members itself): kept; 3 still has order 12: kept
        assertThat(server.sql(DATABASE, "select id from members order by id"))
                .containsExactly(List.of("1"), List.of("2"), List.of("3"));

        // order 12's retention ends: 3 has nothing left referencing it and goes; 1 stays while 2 refers to it
        server.load(DATABASE, "update orders set kept_until = '2025-12-31' where id = 12");
        assertThat(deferredErase(List.of("12")).rowsAffected()).isEqualTo(1);
        assertThat(server.sql(DATABASE, "select id from members order by id"))
                .containsExactly(List.of("1"), List.of("2"));
        assertThat(count("select count(*) from order_lines")).isZero();
    }

    private static CategoryResult deferredErase(List<String> handles) {
        CategoryCommand requested = new CategoryCommand("orders", Action.DEFERRED_ERASE, handles);
        ProcessorCommandV1 command = new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "test",
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject("cd".repeat(32), List.of(IdentifierType.EMAIL), null),
                List.of(requested),
                Instant.now(),
                1);
        return inTransaction(
                sql -> engine.handler("orders").apply(sql, requested, SubjectMatch.of(List.of()), command));
    }

    private static <T> T inTransaction(Function<SqlSession, Uni<T>> work) {
        return pool.withTransaction(connection -> work.apply(new VertxSqlSession(connection, true)))
                .await()
                .indefinitely();
    }

    private static long count(String sql) {
        return Long.parseLong(server.sql(DATABASE, sql).get(0).get(0));
    }
}
