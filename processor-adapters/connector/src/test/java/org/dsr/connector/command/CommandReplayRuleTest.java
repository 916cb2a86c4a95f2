package org.dsr.connector.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.SignatureV1;
import org.dsr.contracts.subject.EncryptedIdentifiers;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.contracts.subject.Subject;
import org.junit.jupiter.api.Test;

/** The replay rule on its own, with the time given: what is fresh, what is a re-dispatch, what is a replay. */
class CommandReplayRuleTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final CommandReplayRule RULE = new CommandReplayRule(Duration.ofDays(7), Duration.ofMinutes(5));

    static ProcessorCommandV1 command(Instant issuedAt, int attempt) {
        return new ProcessorCommandV1(
                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                UUID.fromString("00000000-0000-0000-0000-000000000002"),
                "hosting",
                RequestType.RESTRICTION,
                Jurisdiction.SE,
                new Subject(
                        "pseudo",
                        List.of(IdentifierType.EMAIL),
                        new EncryptedIdentifiers("dk-1", "A256GCM", "bm9uY2U=", "Y2lwaGVy")),
                List.of(new CategoryCommand("account", Action.RESTRICT)),
                issuedAt,
                attempt,
                new SignatureV1("orchestrator-1", "Ed25519", "c2ln" + attempt));
    }

    @Test
    void aCommandIssuedWithinTheWindowIsFreshAtItsEdgesToo() {
        assertThat(RULE.stale(command(NOW, 1), NOW)).isEmpty();
        assertThat(RULE.stale(command(NOW.minus(Duration.ofDays(7)), 1), NOW)).isEmpty();
        assertThat(RULE.stale(command(NOW.plus(Duration.ofMinutes(5)), 1), NOW)).isEmpty();
    }

    @Test
    void anOldCommandIsAReplayWhateverItsIdAndOneFromTooFarAheadIsRefused() {
        assertThat(RULE.stale(command(NOW.minus(Duration.ofDays(7)).minusMillis(1), 1), NOW))
                .hasValue("processor command issued more than PT168H ago: refused as a replay");
        assertThat(RULE.stale(command(NOW.plus(Duration.ofMinutes(5)).plusMillis(1), 1), NOW))
                .hasValue("processor command issued more than PT5M in the future");
        assertThat(RULE.stale(command(null, 1), NOW)).hasValue("processor command has no issuedAt");
        assertThat(RULE.stale(command(NOW, 0), NOW)).hasValue("processor command attempt must be at least 1");
    }

    @Test
    void aCommandIdNeverActedOnIsActedOn() {
        ProcessorCommandV1 first = command(NOW, 1);
        assertThat(RULE.replayed(first, CommandReplayRule.contentHash(first), null))
                .isEmpty();
    }

    @Test
    void aRedispatchWithANewerAttemptIsActedOnAndTheSameOrAnOlderAttemptIsAReplay() {
        ProcessorCommandV1 first = command(NOW.minusSeconds(600), 1);
        var seen = new CommandReplayRule.Seen(CommandReplayRule.contentHash(first), 2);
        ProcessorCommandV1 third = command(NOW, 3);
        // attempt, issuedAt and the signature differ: the content is the same command's
        assertThat(CommandReplayRule.contentHash(third)).isEqualTo(seen.contentHash());
        assertThat(RULE.replayed(third, CommandReplayRule.contentHash(third), seen))
                .isEmpty();
        assertThat(RULE.replayed(command(NOW, 2), seen.contentHash(), seen))
                .hasValue("processor command attempt 2 is not newer than attempt 2 already acted on: refused as a"
                        + " replay");
        assertThat(RULE.replayed(first, seen.contentHash(), seen)).isPresent();
    }

    @Test
    void aCommandIdSeenBeforeWithAnyOtherContentIsAReplay() {
        ProcessorCommandV1 restriction = command(NOW, 1);
        var seen = new CommandReplayRule.Seen(CommandReplayRule.contentHash(restriction), 1);
        List<ProcessorCommandV1> changed = List.of(
                // a restriction turned into an erasure: the request type, the action
                with(
                        restriction,
                        RequestType.ERASURE,
                        List.of(new CategoryCommand("account", Action.RESTRICT)),
                        restriction.subject(),
                        restriction.requestId()),
                with(
                        restriction,
                        RequestType.RESTRICTION,
                        List.of(new CategoryCommand("account", Action.ERASE)),
                        restriction.subject(),
                        restriction.requestId()),
                // another category, another subject, another request
                with(
                        restriction,
                        RequestType.RESTRICTION,
                        List.of(
                                new CategoryCommand("account", Action.RESTRICT),
                                new CategoryCommand("orders", Action.RESTRICT)),
                        restriction.subject(),
                        restriction.requestId()),
                with(
                        restriction,
                        RequestType.RESTRICTION,
                        restriction.categories(),
                        new Subject(
                                "someone-else",
                                restriction.subject().identifierTypes(),
                                restriction.subject().identifiers()),
                        restriction.requestId()),
                with(
                        restriction,
                        RequestType.RESTRICTION,
                        restriction.categories(),
                        restriction.subject(),
                        UUID.randomUUID()));
        for (ProcessorCommandV1 command : changed) {
            String hash = CommandReplayRule.contentHash(command);
            assertThat(hash).isNotEqualTo(seen.contentHash());
            assertThat(RULE.replayed(command, hash, seen))
                    .hasValue("processor command id seen before with other"
                            + " content (only attempt and issuedAt may change): refused as a replay");
        }
    }

    @Test
    void theWindowMustBePositive() {
        assertThatThrownBy(() -> new CommandReplayRule(Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommandReplayRule(Duration.ofDays(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ProcessorCommandV1 with(
            ProcessorCommandV1 c, RequestType type, List<CategoryCommand> categories, Subject subject, UUID requestId) {
        return new ProcessorCommandV1(
                c.commandId(),
                requestId,
                c.processor(),
                type,
                c.jurisdiction(),
                subject,
                categories,
                c.issuedAt(),
                2,
                c.signature());
    }
}
