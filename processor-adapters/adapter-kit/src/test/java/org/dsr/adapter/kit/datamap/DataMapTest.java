package org.dsr.adapter.kit.datamap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.dsr.adapter.kit.datamap.Catalog.Column;
import org.dsr.adapter.kit.datamap.Catalog.ForeignKey;
import org.dsr.adapter.kit.datamap.DataMap.ColumnAction;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.subject.IdentifierType;

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

    static final Catalog CATALOG = new Catalog(Map.of(
            "accounts", Map.of("id", new Column("bigint", false), "email", new Column("text", false), "restricted",
                    new Column("boolean", false), "name", new Column("text", false)),
            "access_logs", Map.of("id", new Column("bigint", false), "account_id", new Column("bigint", true),
                    "device_id", new Column("text", true), "ip", new Column("text", true), "ua",
                    new Column("character varying", true), "path", new Column("text", false))),
            List.of(new ForeignKey("access_logs", "account_id", "accounts", "id")));

    @Test
    void readsAGoodMap() {
        DataMap map = DataMapParser.parse(GOOD, "test");
        DataMapValidator.validate(map, CATALOG, Set.of(), "test");
        assertThat(map.keys()).containsOnlyKeys("account", "device");
        assertThat(map.keys().get("account").identifiers()).isEqualTo(Map.of(IdentifierType.EMAIL, "email"));
        assertThat(map.categories().get("access-logs").actions().get(Action.ANONYMISE).columns())
                .containsEntry("account_id", ColumnAction.NULL).containsEntry("ip", ColumnAction.GENERALISE_IP);
        assertThat(map.categories().get("account").actions().get(Action.ERASE).delete()).isTrue();
    }

    @Test
    void namesEveryLookupColumnThatLeadsNoIndex() {
        DataMap map = DataMapParser.parse(GOOD, "test");
        assertThat(DataMapValidator.unindexedLookups(map, CATALOG)).as("a catalog without indexes")
                .containsExactly("access_logs.account_id", "access_logs.device_id", "accounts.email", "accounts.id");
        Catalog indexed = new Catalog(CATALOG.tables(), CATALOG.foreignKeys(),
                Set.of("accounts.id", "accounts.email", "access_logs.account_id"));
        assertThat(DataMapValidator.unindexedLookups(map, indexed)).containsExactly("access_logs.device_id");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
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
            "    order: 90|categories[account].colour: unknown field; expected one of [actions, id, legal-basis, match, order, table]|    order: 90\\n    colour: red" })
    void aBadMapFailsNamingTheEntry(String good, String expected, String bad) {
        String yaml = GOOD.replace(good.replace("\\n", "\n"), bad.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(GOOD);
        assertThatThrownBy(() -> DataMapParser.parse(yaml, "classpath:data-map.yaml"))
                .isInstanceOf(DataMapException.class).hasMessageStartingWith("invalid data map classpath:data-map.yaml")
                .satisfies(e -> assertThat(((DataMapException) e).errors()).anySatisfy(m -> assertThat(m).startsWith(expected)));
    }

    @Test
    void notYamlAndDuplicatesFail() {
        assertThatThrownBy(() -> DataMapParser.parse("keys: [", "x")).isInstanceOf(DataMapException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> DataMapParser.parse("categories:\n  a: {}\n  a: {}\n", "x"))
                .isInstanceOf(DataMapException.class).hasMessageContaining("not valid YAML");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "table: accounts\\n    order: 90|categories[account].table: no table 'acounts'|table: acounts\\n    order: 90",
            "ip: generalise-ip|categories[access-logs].actions[ANONYMISE].columns[ipaddr]: no column 'ipaddr' in table 'access_logs'|ipaddr: generalise-ip",
            "path: keep|categories[access-logs].actions[ANONYMISE].columns[path]: null on a column declared not null|path: null",
            "account_id: null|categories[access-logs].actions[ANONYMISE].columns[account_id]: mask needs a text column, not bigint|account_id: mask",
            "restricted: restrict-flag|categories[account].actions[RESTRICT].columns[name]: restrict-flag needs a boolean column, not text|name: restrict-flag",
            "match: { account_id: account, device_id: device }|categories[access-logs].match[ip]: access_logs.ip is text but key 'account' is bigint|match: { ip: account, device_id: device }",
            "order: 90|categories[account].order: 5 must be higher than categories[access-logs].order (10): access_logs.account_id references accounts.id, so its rows are deleted first|order: 5" })
    void aMapThatDoesNotFitTheDatabaseFailsNamingTheEntry(String good, String expected, String bad) {
        String yaml = GOOD.replace(good.replace("\\n", "\n"), bad.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(GOOD);
        DataMap map = DataMapParser.parse(yaml, "x");
        assertThatThrownBy(() -> DataMapValidator.validate(map, CATALOG, Set.of(), "x"))
                .isInstanceOf(DataMapException.class)
                .satisfies(e -> assertThat(((DataMapException) e).errors()).anySatisfy(m -> assertThat(m).startsWith(expected)));
    }

    @Test
    void aCategoryIsDeclaredInOnePlaceOnly() {
        DataMap map = DataMapParser.parse(GOOD, "x");
        assertThatThrownBy(() -> DataMapValidator.validate(map, CATALOG, Set.of("account"), "x"))
                .isInstanceOf(DataMapException.class)
                .hasMessageContaining("categories[account]: also handled by a Java handler");
    }
}
