package org.dsr.adapter.kit.datamap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsr.adapter.kit.datamap.Catalog.Column;
import org.dsr.adapter.kit.datamap.Catalog.ForeignKey;
import org.dsr.adapter.kit.datamap.DataMap.ColumnAction;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.subject.IdentifierType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataMapTest {

    static final String GOOD = """
            keys:
              account:
                table: accounts
                column: id
                identifiers: { EMAIL: email }
              device:
                table: access_logs
                column: device_id
                from: [ { key: account, column: account_id } ]
            categories:
              access-logs:
                table: access_logs
                order: 10
                match: { account_id: account, device_id: device }
                actions:
                  ANONYMISE: { account_id: null, device_id: null, ip: generalise-ip, ua: keyed-hash, path: keep }
                  ERASE: delete
              account:
                table: accounts
                order: 90
                match: { id: account }
                actions:
                  ERASE: delete
                  RESTRICT: { restricted: restrict-flag }
            """;

    static final Catalog CATALOG = new Catalog(
            Map.of(
                    "accounts",
                            Map.of(
                                    "id",
                                    new Column("bigint", false),
                                    "email",
                                    new Column("text", false),
                                    "restricted",
                                    new Column("boolean", false),
                                    "name",
                                    new Column("text", false)),
                    "access_logs",
                            Map.of(
                                    "id",
                                    new Column("bigint", false),
                                    "account_id",
                                    new Column("bigint", true),
                                    "device_id",
                                    new Column("text", true),
                                    "ip",
                                    new Column("text", true),
                                    "ua",
                                    new Column("character varying", true),
                                    "path",
                                    new Column("text", false))),
            List.of(new ForeignKey("access_logs", "account_id", "accounts", "id")));

    @Test
    void readsAGoodMap() {
        DataMap map = DataMapParser.parse(GOOD, "test");
        DataMapValidator.validate(map, CATALOG, "test");
        assertThat(map.keys()).containsOnlyKeys("account", "device");
        assertThat(map.keys().get("account").identifiers()).isEqualTo(Map.of(IdentifierType.EMAIL, "email"));
        assertThat(map.categories()
                        .get("access-logs")
                        .actions()
                        .get(Action.ANONYMISE)
                        .columns())
                .containsEntry("account_id", ColumnAction.NULL)
                .containsEntry("ip", ColumnAction.GENERALISE_IP);
        assertThat(map.categories().get("account").actions().get(Action.ERASE).delete())
                .isTrue();
    }

    @Test
    void namesEveryLookupColumnThatLeadsNoIndex() {
        DataMap map = DataMapParser.parse(GOOD, "test");
        assertThat(DataMapValidator.unindexedLookups(map, CATALOG))
                .as("a catalog without indexes")
                .containsExactly("access_logs.account_id", "access_logs.device_id", "accounts.email", "accounts.id");
        Catalog indexed = new Catalog(
                CATALOG.tables(),
                CATALOG.foreignKeys(),
                Set.of("accounts.id", "accounts.email", "access_logs.account_id"));
        assertThat(DataMapValidator.unindexedLookups(map, indexed)).containsExactly("access_logs.device_id");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "ip: generalise-ip|categories[access-logs].actions[ANONYMISE].columns[ip]: unknown action 'blur'|ip: blur",
                "ERASE: delete|categories[access-logs].actions[PURGE]: unknown action|PURGE: delete",
                "match: { account_id: account, device_id: device }|categories[access-logs].match[device_id]: unknown key or identifier type 'devise'|match: { account_id: account, device_id: devise }",
                "from: [ { key: account, column: account_id } ]|keys[device].from[0].key: unknown key 'acount'|from: [ { key: acount, column: account_id } ]",
                "identifiers: { EMAIL: email }|keys[account].identifiers[MAIL]: unknown identifier type 'MAIL'|identifiers: { MAIL: email }",
                "order: 90|categories[account].order: must be a whole number|order: soon",
                "RESTRICT: { restricted: restrict-flag }|categories[account].actions[RESTRICT]: 'delete' is only for ERASE|RESTRICT: delete",
                "RESTRICT: { restricted: restrict-flag }|categories[account].actions[RESTRICT].columns[restricted]: RESTRICT only sets restrict-flag columns|RESTRICT: { restricted: null }",
                "path: keep|categories[access-logs].actions[ANONYMISE].columns[path]: restrict-flag is only for RESTRICT and LIFT_RESTRICTION|path: restrict-flag",
                "table: accounts\\n    column: id|keys[account].table: 'Accounts-x' is not a lower-case SQL name|table: Accounts-x\\n    column: id",
                "    order: 90|categories[account].colour: unknown field; expected one of [actions, id, legal-basis, match, order, table]|    order: 90\\n    colour: red"
            })
    void aBadMapFailsNamingTheEntry(String good, String expected, String bad) {
        String yaml = GOOD.replace(good.replace("\\n", "\n"), bad.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(GOOD);
        assertThatThrownBy(() -> DataMapParser.parse(yaml, "classpath:data-map.yaml"))
                .isInstanceOf(DataMapException.class)
                .hasMessageStartingWith("invalid data map classpath:data-map.yaml")
                .satisfies(e -> assertThat(((DataMapException) e).errors())
                        .anySatisfy(m -> assertThat(m).startsWith(expected)));
    }

    @Test
    void notYamlAndDuplicatesFail() {
        assertThatThrownBy(() -> DataMapParser.parse("keys: [", "x"))
                .isInstanceOf(DataMapException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> DataMapParser.parse("categories:\n  a: {}\n  a: {}\n", "x"))
                .isInstanceOf(DataMapException.class)
                .hasMessageContaining("not valid YAML");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "table: accounts\\n    order: 90|categories[account].table: no table 'acounts'|table: acounts\\n    order: 90",
                "ip: generalise-ip|categories[access-logs].actions[ANONYMISE].columns[ipaddr]: no column 'ipaddr' in table 'access_logs'|ipaddr: generalise-ip",
                "path: keep|categories[access-logs].actions[ANONYMISE].columns[path]: null on a column declared not null|path: null",
                "account_id: null|categories[access-logs].actions[ANONYMISE].columns[account_id]: mask needs a text column, not bigint|account_id: mask",
                "restricted: restrict-flag|categories[account].actions[RESTRICT].columns[name]: restrict-flag needs a boolean column, not text|name: restrict-flag",
                "match: { account_id: account, device_id: device }|categories[access-logs].match[ip]: access_logs.ip is text but key 'account' is bigint|match: { ip: account, device_id: device }",
                "order: 90|categories[account].order: 5 must be higher than categories[access-logs].order (10): access_logs.account_id references accounts.id, so its rows are deleted first|order: 5"
            })
    void aMapThatDoesNotFitTheDatabaseFailsNamingTheEntry(String good, String expected, String bad) {
        String yaml = GOOD.replace(good.replace("\\n", "\n"), bad.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(GOOD);
        DataMap map = DataMapParser.parse(yaml, "x");
        assertThatThrownBy(() -> DataMapValidator.validate(map, CATALOG, "x"))
                .isInstanceOf(DataMapException.class)
                .satisfies(e -> assertThat(((DataMapException) e).errors())
                        .anySatisfy(m -> assertThat(m).startsWith(expected)));
    }

    // ----- RETAIN: fiscal-year end per jurisdiction, pseudonym column, dependents, orphaned parents

    static final String RETAINING = """
            keys:
              customer:
                table: customers
                column: id
                identifiers: { EMAIL: email }
            categories:
              invoices:
                table: invoices
                order: 20
                match: { customer_id: customer }
                actions:
                  RETAIN:
                    retain-until: bookkeeping
                    date-column: issued_on
                    fiscal-year-end: { DK: "06-30" }
                    restrict: restricted
                    until-column: retained_until
                    pseudonym-column: retained_for
                    with-dependents: [reminders, lines]
                    delete-orphaned: [customers]
              customer-profile:
                table: customers
                order: 30
                match: { id: customer }
                actions:
                  ANONYMISE: { email: null, anonymised_at: now }
            """;

    static final Catalog RETAIN_CATALOG = new Catalog(
            Map.of(
                    "customers",
                            Map.of(
                                    "id",
                                    new Column("bigint", false),
                                    "email",
                                    new Column("text", true),
                                    "anonymised_at",
                                    new Column("timestamp with time zone", true)),
                    "invoices",
                            Map.of(
                                    "id",
                                    new Column("bigint", false),
                                    "customer_id",
                                    new Column("bigint", false),
                                    "issued_on",
                                    new Column("date", false),
                                    "restricted",
                                    new Column("boolean", false),
                                    "retained_until",
                                    new Column("date", true),
                                    "retained_for",
                                    new Column("text", true),
                                    "amount",
                                    new Column("numeric", false)),
                    "lines", Map.of("id", new Column("bigint", false), "invoice_id", new Column("bigint", false)),
                    "reminders",
                            Map.of(
                                    "id",
                                    new Column("bigint", false),
                                    "invoice_id",
                                    new Column("bigint", false),
                                    "line_id",
                                    new Column("bigint", true)),
                    "audit", Map.of("id", new Column("bigint", false))),
            List.of(
                    new ForeignKey("invoices", "customer_id", "customers", "id"),
                    new ForeignKey("lines", "invoice_id", "invoices", "id"),
                    new ForeignKey("reminders", "invoice_id", "invoices", "id"),
                    new ForeignKey("reminders", "line_id", "lines", "id")));

    @Test
    void readsTheRetainOptions() {
        DataMap map = DataMapParser.parse(RETAINING, "test");
        DataMapValidator.validate(map, RETAIN_CATALOG, "test");
        DataMap.Retain retain =
                map.categories().get("invoices").actions().get(Action.RETAIN).retain();
        assertThat(retain.fiscalYearEnd(org.dsr.contracts.event.Jurisdiction.DK))
                .isEqualTo(java.time.MonthDay.of(6, 30));
        assertThat(retain.fiscalYearEnd(org.dsr.contracts.event.Jurisdiction.SE))
                .as("not given: 12-31")
                .isEqualTo(java.time.MonthDay.of(12, 31));
        assertThat(retain.pseudonymColumn()).isEqualTo("retained_for");
        assertThat(retain.withDependents()).containsExactly("reminders", "lines");
        assertThat(retain.deleteOrphaned()).containsExactly("customers");
        DataMap.Retain common = DataMapParser.parse(RETAINING.replace("{ DK: \"06-30\" }", "\"02-29\""), "test")
                .categories()
                .get("invoices")
                .actions()
                .get(Action.RETAIN)
                .retain();
        assertThat(common.fiscalYearEnd(org.dsr.contracts.event.Jurisdiction.SE))
                .isEqualTo(common.fiscalYearEnd(org.dsr.contracts.event.Jurisdiction.DK))
                .isEqualTo(java.time.MonthDay.of(2, 29));
        assertThat(DataMapValidator.unindexedLookups(map, RETAIN_CATALOG)).contains("invoices.retained_for");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{ DK: \"06-30\" }|categories[invoices].actions[RETAIN].fiscal-year-end[NO]: unknown jurisdiction; one of [SE, DK]|{ DK: \"06-30\", NO: \"12-31\" }",
                "{ DK: \"06-30\" }|categories[invoices].actions[RETAIN].fiscal-year-end[DK]: no such day: 06-31|{ DK: \"06-31\" }",
                "{ DK: \"06-30\" }|categories[invoices].actions[RETAIN].fiscal-year-end[SE]: fiscal-year end must be MM-dd|{ SE: \"31.12\" }",
                "{ DK: \"06-30\" }|categories[invoices].actions[RETAIN].fiscal-year-end: MM-dd, or a mapping of jurisdiction to MM-dd|[ \"06-30\" ]",
                "pseudonym-column: retained_for|categories[invoices].actions[RETAIN].pseudonym-column: 'Retained For' is not a lower-case SQL name|pseudonym-column: Retained For",
                "with-dependents: [reminders, lines]|categories[invoices].actions[RETAIN].with-dependents: a list of tables|with-dependents: reminders",
                "with-dependents: [reminders, lines]|categories[invoices].actions[RETAIN].with-dependents[2]: lines is listed twice|with-dependents: [reminders, lines, lines]",
                "delete-orphaned: [customers]|categories[invoices].actions[RETAIN].delete-orphaned[0]: 'Customers' is not a lower-case SQL name|delete-orphaned: [Customers]",
                "delete-orphaned: [customers]|categories[invoices].actions[RETAIN].delete-orphans: unknown field|delete-orphans: [customers]"
            })
    void aBadRetainOptionFailsNamingTheEntry(String good, String expected, String bad) {
        String yaml = RETAINING.replace(good.replace("\\n", "\n"), bad.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(RETAINING);
        assertThatThrownBy(() -> DataMapParser.parse(yaml, "classpath:data-map.yaml"))
                .isInstanceOf(DataMapException.class)
                .satisfies(e -> assertThat(((DataMapException) e).errors())
                        .anySatisfy(m -> assertThat(m).startsWith(expected)));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "pseudonym-column: retained_for|categories[invoices].actions[RETAIN].pseudonym-column: the pseudonym is text, not bigint|pseudonym-column: customer_id",
                "pseudonym-column: retained_for|categories[invoices].actions[RETAIN].pseudonym-column: no column 'retained_by' in table 'invoices'|pseudonym-column: retained_by",
                "with-dependents: [reminders, lines]|categories[invoices].actions[RETAIN].with-dependents[payments]: no table 'payments'|with-dependents: [reminders, lines, payments]",
                "with-dependents: [reminders, lines]|categories[invoices].actions[RETAIN].with-dependents[audit]: audit has no foreign key to invoices.id|with-dependents: [reminders, lines, audit]",
                "with-dependents: [reminders, lines]|categories[invoices].actions[RETAIN].with-dependents[lines]: must come after reminders: reminders.line_id references lines.id|with-dependents: [lines, reminders]",
                "delete-orphaned: [customers]|categories[invoices].actions[RETAIN].delete-orphaned[lines]: invoices has no foreign key to lines|delete-orphaned: [customers, lines]",
                "anonymised_at: now|categories[invoices].actions[RETAIN].delete-orphaned[customers]: no category ANONYMISEs customers with a now column|anonymised_at: null"
            })
    void aRetainOptionThatDoesNotFitTheDatabaseFailsNamingTheEntry(String good, String expected, String bad) {
        String yaml = RETAINING.replace(good, bad);
        assertThat(yaml).isNotEqualTo(RETAINING);
        DataMap map = DataMapParser.parse(yaml, "x");
        assertThatThrownBy(() -> DataMapValidator.validate(map, RETAIN_CATALOG, "x"))
                .isInstanceOf(DataMapException.class)
                .satisfies(e -> assertThat(((DataMapException) e).errors())
                        .anySatisfy(m -> assertThat(m).startsWith(expected)));
    }

    @Test
    void aTriggerOnATableTheDeferredErasureDeletesFromMustBeReviewed() {
        Catalog withTrigger = new Catalog(
                RETAIN_CATALOG.tables(),
                RETAIN_CATALOG.foreignKeys(),
                Set.of(),
                Map.of(),
                List.of(new Catalog.Trigger("lines", "copy_lines", "AFTER", Set.of("DELETE"))));
        DataMap map = DataMapParser.parse(RETAINING, "x");
        assertThatThrownBy(() -> DataMapValidator.validate(map, withTrigger, "x"))
                .isInstanceOf(DataMapException.class)
                .hasMessageContaining("categories[invoices]: table lines has trigger copy_lines (AFTER DELETE)");
    }
}
