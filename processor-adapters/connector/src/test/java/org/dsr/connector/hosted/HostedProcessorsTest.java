package org.dsr.connector.hosted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.smallrye.mutiny.Uni;
import org.dsr.connector.TestDsrConfig;
import org.dsr.connector.config.ConfigErrors;
import org.dsr.connector.config.ConnectorConfig;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.ConnectorKind;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start: every processor built, each with its own key, or every bad entry named and nothing left open. */
class HostedProcessorsTest {

    @TempDir
    Path dir;

    final List<FakeConnector> opened = new ArrayList<>();

    @Test
    void hostsEveryProcessorWithAKeyOfItsOwn() throws Exception {
        HostedProcessors hosted = hosted("""
                processors:
                  crm: { kind: fake, settings: { token: { env: CRM_TOKEN } } }
                  billing: { kind: fake, settings: { token: { env: BILLING_TOKEN } } }
                """);
        assertThat(hosted.all().keySet()).containsExactly("crm", "billing");
        assertThat(hosted.get("crm").key().keyId()).startsWith("crm-");
        assertThat(hosted.get("billing").key().keyId()).startsWith("billing-");
        assertThat(Files.exists(dir.resolve("keys/crm.pub"))).isTrue();
        assertThat(hosted.hosts("payments")).isFalse();
    }

    @Test
    void namesEveryBadEntryAndClosesWhatItAlreadyBuilt() throws Exception {
        assertThatThrownBy(() -> hosted("""
                processors:
                  crm: { kind: fake, settings: { token: { env: CRM_TOKEN } } }
                  billing: { kind: fake, settings: { token: { env: NOT_SET } } }
                  silent: { kind: fake, settings: { token: { env: CRM_TOKEN }, build: nothing } }
                  broken: { kind: fake, settings: { token: { env: CRM_TOKEN }, build: explode } }
                """).all())
                .isInstanceOfSatisfying(
                        ConfigErrors.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        "processors[billing].settings.token: environment variable NOT_SET is not set",
                                        "processors[silent]: the fake kind built nothing and said nothing about why",
                                        "processors[broken]: cannot be set up: IllegalStateException"));
        assertThat(opened).isNotEmpty().allMatch(c -> c.closed);
    }

    private HostedProcessors hosted(String yaml) throws Exception {
        Path file = dir.resolve("connectors.yaml");
        Files.writeString(file, yaml);
        ConnectorConfig config = new ConnectorConfig() {
            @Override
            public Path file() {
                return file;
            }

            @Override
            public Pending pending() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Commands commands() {
                throw new UnsupportedOperationException();
            }
        };
        return new HostedProcessors(
                config,
                TestDsrConfig.keysIn(dir.resolve("keys")),
                List.of(new FakeKind()),
                Map.of("CRM_TOKEN", "t1", "BILLING_TOKEN", "t2")::get);
    }

    final class FakeKind implements ConnectorKind {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public ProcessorConnector create(ProcessorEntry entry, Settings settings) {
            settings.onlyFields(Set.of("token", "build"));
            String token = settings.secret("token");
            String build = settings.string("build", "yes");
            if (build.equals("explode")) {
                throw new IllegalStateException("the token t1 must never be printed");
            }
            if (token == null || build.equals("nothing")) {
                return null;
            }
            FakeConnector connector = new FakeConnector(entry.name());
            opened.add(connector);
            return connector;
        }
    }

    static final class FakeConnector implements ProcessorConnector {
        final String name;
        boolean closed;

        FakeConnector(String name) {
            this.name = name;
        }

        @Override
        public String processor() {
            return name;
        }

        @Override
        public Map<String, Set<Action>> categories() {
            return Map.of("contact", Set.of(Action.ERASE));
        }

        @Override
        public Uni<List<StepResult>> execute(CommandContext command) {
            return Uni.createFrom().item(List.of());
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
