package org.dsr.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorsFileTest {

    static final Set<String> KINDS = Set.of("sql", "http");

    @TempDir
    Path dir;

    @Test
    void readsEveryProcessorWithItsKindAndSettings() {
        List<ProcessorEntry> entries = ConnectorsFile.parse("""
                processors:
                  shop-db: { kind: sql, settings: { url: "postgresql://db/shop" } }
                  stripe: { kind: http }
                """, "connectors.yaml", dir, KINDS);
        assertThat(entries).extracting(ProcessorEntry::name).containsExactly("shop-db", "stripe");
        assertThat(entries.get(0).settings().get("url").asText()).isEqualTo("postgresql://db/shop");
        assertThat(entries.get(1).settings().isEmpty()).isTrue();
    }

    @Test
    void namesEveryBadEntryOnALineOfItsOwn() {
        assertThatThrownBy(() -> ConnectorsFile.parse("""
                processors:
                  Shop_DB: { kind: sql }
                  mailer: { kind: ftp }
                  tracker: { settings: {} }
                  billing: { kind: http, settings: [1] }
                  crm: { kind: http, secret: x }
                extra: 1
                """, "connectors.yaml", dir, KINDS))
                .isInstanceOfSatisfying(
                        ConfigErrors.class,
                        e -> assertThat(e.errors())
                                .containsExactlyInAnyOrder(
                                        "extra: unknown field; expected one of [processors]",
                                        "processors[Shop_DB]: processor names are lower-case letters, digits and - (they name"
                                                + " topics)",
                                        "processors[mailer].kind: unknown kind 'ftp'; one of [http, sql]",
                                        "processors[tracker].kind: required; one of [http, sql]",
                                        "processors[billing].settings: must be a mapping",
                                        "processors[crm].secret: unknown field; expected one of [kind, settings]"));
    }

    @Test
    void refusesAFileWithoutProcessorsAndYamlWithDuplicateNames() {
        assertThatThrownBy(() -> ConnectorsFile.parse("processors: {}", "c.yaml", dir, KINDS))
                .hasMessageContaining("processors: must name at least one processor");
        assertThatThrownBy(() -> ConnectorsFile.parse(
                        "processors:\n  a: {kind: sql}\n  a: {kind: http}\n", "c.yaml", dir, KINDS))
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void readsSecretsFromTheEnvironmentOrAFileAndNeverInline() throws Exception {
        Files.writeString(dir.resolve("db.password"), "s3cret\n");
        ProcessorEntry entry = ConnectorsFile.parse("""
                processors:
                  shop-db:
                    kind: sql
                    settings:
                      from-env: { env: SHOP_DB_PASSWORD }
                      from-file: { file: db.password }
                      inline: s3cret
                      unset: { env: NOT_SET }
                      missing-file: { file: nowhere.password }
                      both: { env: SHOP_DB_PASSWORD, file: db.password }
                """, "c.yaml", dir, KINDS).get(0);
        List<String> errors = new ArrayList<>();
        Settings settings = Settings.of(entry, errors, Map.of("SHOP_DB_PASSWORD", "from-env")::get);
        assertThat(settings.secret("from-env")).isEqualTo("from-env");
        assertThat(settings.secret("from-file")).isEqualTo("s3cret");
        assertThat(settings.secret("inline")).isNull();
        assertThat(settings.secret("unset")).isNull();
        assertThat(settings.secret("missing-file")).isNull();
        assertThat(settings.secret("both")).isNull();
        assertThat(settings.secret("absent")).isNull();
        assertThat(errors)
                .containsExactly(
                        "processors[shop-db].settings.inline: a secret is never inline: give {env: NAME} or {file: PATH}",
                        "processors[shop-db].settings.unset: environment variable NOT_SET is not set",
                        "processors[shop-db].settings.missing-file: secret file " + dir.resolve("nowhere.password")
                                + " cannot be read",
                        "processors[shop-db].settings.both: a secret is never inline: give {env: NAME} or {file: PATH}",
                        "processors[shop-db].settings.absent: required (a secret: {env: NAME} or {file: PATH})");
        assertThat(String.join("\n", errors)).doesNotContain("s3cret");
    }

    @Test
    void checksTypedSettings() {
        ProcessorEntry entry = ConnectorsFile.parse("""
                processors:
                  api:
                    kind: http
                    settings: { url: "ftp://x", timeout: "soon", retries: 99, typo: 1 }
                """, "c.yaml", dir, KINDS).get(0);
        List<String> errors = new ArrayList<>();
        Settings settings = Settings.of(entry, errors, name -> null);
        settings.onlyFields(Set.of("url", "timeout", "retries"));
        assertThat(settings.url("url")).isNull();
        settings.duration("timeout", java.time.Duration.ofSeconds(1));
        settings.integer("retries", 3, 0, 10);
        assertThat(errors)
                .containsExactly(
                        "processors[api].settings.typo: unknown setting; expected one of [retries, timeout, url]",
                        "processors[api].settings.url: must be an absolute http or https URL",
                        "processors[api].settings.timeout: 'soon' is not a duration (e.g. 30s, 5m, PT1H)",
                        "processors[api].settings.retries: must be a whole number from 0 to 10");
    }
}
