package org.dsr.contracts.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dsr.contracts.access.KafkaAccess.Acl;
import org.dsr.contracts.access.KafkaAccess.Deployment;
import org.dsr.contracts.access.KafkaAccess.Operation;
import org.junit.jupiter.api.Test;

class KafkaAccessTest {

    /** hosting is answered by the connector, payments by its own adapter. */
    private static final Deployment DEPLOYMENT =
            new Deployment(List.of("hosting", "payments"), List.of("hosting"), List.of("payments"));

    @Test
    void theAclsAreExactlyTheDescription() {
        Set<String> expected = new TreeSet<>(List.of(
                "intake-producer WRITE topic dsr.intake",
                "request-service READ topic dsr.intake",
                "request-service READ topic dsr.outcomes",
                "request-service READ topic dsr.outcomes.bulk",
                "request-service READ topic dsr.completions",
                "request-service WRITE topic dsr.requests",
                "request-service WRITE topic dsr.requests.bulk",
                "request-service WRITE topic dsr.outcomes.bulk.dlq",
                "request-service WRITE topic dsr.intake.dlq",
                "request-service WRITE topic dsr.outcomes.dlq",
                "request-service WRITE topic dsr.completions.dlq",
                "request-service READ group request-service",
                "erasure-orchestrator READ topic dsr.requests",
                "erasure-orchestrator READ topic dsr.requests.bulk",
                "erasure-orchestrator READ topic dsr.outcomes.bulk",
                "erasure-orchestrator WRITE topic dsr.commands.hosting.bulk",
                "erasure-orchestrator WRITE topic dsr.commands.payments.bulk",
                "erasure-orchestrator WRITE topic dsr.requests.bulk.dlq",
                "erasure-orchestrator WRITE topic dsr.outcomes.bulk.dlq",
                "erasure-orchestrator READ topic dsr.requests.bulk.dlq",
                "erasure-orchestrator READ topic dsr.outcomes.bulk.dlq",
                "erasure-orchestrator READ topic dsr.commands.hosting.bulk.dlq",
                "erasure-orchestrator READ topic dsr.commands.payments.bulk.dlq",
                "erasure-orchestrator WRITE topic dsr.requests.bulk",
                "erasure-orchestrator WRITE topic dsr.outcomes.bulk",
                "erasure-orchestrator READ topic dsr.outcomes",
                "erasure-orchestrator WRITE topic dsr.commands.hosting",
                "erasure-orchestrator WRITE topic dsr.commands.payments",
                "erasure-orchestrator WRITE topic dsr.completions",
                "erasure-orchestrator WRITE topic dsr.requests.dlq",
                "erasure-orchestrator WRITE topic dsr.outcomes.dlq",
                // the console: every dead-letter topic read, a replay back to where the record came from
                "erasure-orchestrator READ topic dsr.intake.dlq",
                "erasure-orchestrator READ topic dsr.requests.dlq",
                "erasure-orchestrator READ topic dsr.outcomes.dlq",
                "erasure-orchestrator READ topic dsr.completions.dlq",
                "erasure-orchestrator READ topic dsr.commands.hosting.dlq",
                "erasure-orchestrator READ topic dsr.commands.payments.dlq",
                "erasure-orchestrator WRITE topic dsr.intake",
                "erasure-orchestrator WRITE topic dsr.requests",
                "erasure-orchestrator WRITE topic dsr.outcomes",
                "erasure-orchestrator READ group erasure-orchestrator",
                "connector READ topic dsr.commands.hosting",
                "connector READ topic dsr.commands.hosting.bulk",
                "connector WRITE topic dsr.outcomes.bulk",
                "connector WRITE topic dsr.commands.hosting.bulk.dlq",
                "connector WRITE topic dsr.outcomes",
                "connector WRITE topic dsr.commands.hosting.dlq",
                "connector READ group connector",
                "adapter-payments READ topic dsr.commands.payments",
                "adapter-payments READ topic dsr.commands.payments.bulk",
                "adapter-payments WRITE topic dsr.outcomes.bulk",
                "adapter-payments WRITE topic dsr.commands.payments.bulk.dlq",
                "adapter-payments WRITE topic dsr.outcomes",
                "adapter-payments WRITE topic dsr.commands.payments.dlq",
                "adapter-payments READ group adapter-payments"));

        Set<String> generated = KafkaAccess.acls(DEPLOYMENT).stream()
                .map(KafkaAccessTest::line)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(generated).isEqualTo(expected);
    }

    @Test
    void anAdapterNeverWritesCompletionsNorReadsAnotherProcessorsCommands() {
        Set<Acl> acls = KafkaAccess.acls(DEPLOYMENT);
        for (String adapter : List.of("connector", "adapter-payments")) {
            assertThat(acls)
                    .filteredOn(a -> a.principal().equals(adapter))
                    .noneMatch(a -> a.name().equals("dsr.completions"))
                    .noneMatch(a -> a.name().equals("dsr.requests"))
                    .noneMatch(a -> a.name().equals("dsr.intake"));
        }
        assertThat(acls)
                .filteredOn(a -> a.principal().equals("connector"))
                .noneMatch(a -> a.name().startsWith("dsr.commands.payments"));
        assertThat(acls)
                .filteredOn(a -> a.principal().equals("adapter-payments"))
                .noneMatch(a -> a.name().startsWith("dsr.commands.hosting"));
    }

    @Test
    void onlyTheOrchestratorWritesCommandsAndCompletions() {
        assertThat(KafkaAccess.acls(DEPLOYMENT))
                .filteredOn(a -> a.operation() == Operation.WRITE
                        && (a.name().equals("dsr.completions") || a.name().matches("dsr\\.commands\\.[a-z-]+")))
                .allMatch(a -> a.principal().equals(KafkaAccess.ORCHESTRATOR));
    }

    @Test
    void aProcessorNobodyHostsGetsNoPrincipalAndAHostedProcessorMustExist() {
        assertThat(KafkaAccess.principalNames(Deployment.connectorHostsAll(List.of())))
                .containsExactly("admin", "intake-producer", "request-service", "erasure-orchestrator");
        assertThatThrownBy(() -> new Deployment(List.of("hosting"), List.of("payments"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strimziUsersAreRenderedFromTheSameAcls() {
        assertThat(KafkaAccess.strimziAcls(DEPLOYMENT, "adapter-payments")).isEqualTo("""
                authorization:
                  type: simple
                  acls:
                    - resource:
                        type: group
                        name: adapter-payments
                        patternType: literal
                      operations: [Read]
                    - resource:
                        type: topic
                        name: dsr.commands.payments
                        patternType: literal
                      operations: [Read]
                    - resource:
                        type: topic
                        name: dsr.commands.payments.bulk
                        patternType: literal
                      operations: [Read]
                    - resource:
                        type: topic
                        name: dsr.commands.payments.bulk.dlq
                        patternType: literal
                      operations: [Write]
                    - resource:
                        type: topic
                        name: dsr.commands.payments.dlq
                        patternType: literal
                      operations: [Write]
                    - resource:
                        type: topic
                        name: dsr.outcomes
                        patternType: literal
                      operations: [Write]
                    - resource:
                        type: topic
                        name: dsr.outcomes.bulk
                        patternType: literal
                      operations: [Write]
                """);
    }

    @Test
    void aPasswordThatWouldBreakTheJaasLineIsRefused() {
        assertThat(KafkaAccess.jaasConfig("connector", "abc123"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"connector\" "
                        + "password=\"abc123\";");
        assertThatThrownBy(() -> KafkaAccess.jaasConfig("connector", "a\" b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** docs/security.md's table of principals is the description's, word for word. */
    @Test
    void theSecurityDocShowsTheDescription() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "security.md"));
        assertThat(doc).contains(KafkaAccess.markdownTable());
    }

    private static String line(Acl acl) {
        return acl.principal() + " " + acl.operation() + " "
                + acl.resourceType().name().toLowerCase() + " " + acl.name();
    }
}
