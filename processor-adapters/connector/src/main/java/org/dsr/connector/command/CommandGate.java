package org.dsr.connector.command;

import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CommandDecryption;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.connector.config.ConnectorConfig;
import org.dsr.connector.hosted.HostedProcessors;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.reactive.InOrder;
import org.dsr.kit.trust.TrustedKeys;
import org.jboss.logging.Logger;

/**
 * What a command must pass before the connector touches data or fetches a key: readable, for a processor this
 * connector hosts, signed by the orchestrator's key pinned in {@code dsr.trust.keys.orchestrator} (the connector does
 * not start without it), issued within the replay window, and not a replay of a command id already acted on
 * ({@link CommandReplayRule}). A refusal is {@link PoisonMessageException}: the command is dead-lettered with the
 * reason and nothing is done.
 */
@Startup
@ApplicationScoped
public class CommandGate {

    public static final String ORCHESTRATOR = "orchestrator";
    private static final Logger LOG = Logger.getLogger(CommandGate.class);

    private final VerificationKeys.Key orchestrator;
    private final Predicate<String> hosts;
    private final CommandReplayRule rule;
    private final Clock clock;

    @Inject
    public CommandGate(TrustedKeys trusted, HostedProcessors hosted, ConnectorConfig config, Clock clock) {
        this(
                trusted.require(ORCHESTRATOR),
                hosted::hosts,
                new CommandReplayRule(
                        config.commands().maxAge(), config.commands().maxClockSkew()),
                clock);
    }

    CommandGate(VerificationKeys.Key orchestrator, Predicate<String> hosts, CommandReplayRule rule, Clock clock) {
        this.orchestrator = orchestrator;
        this.hosts = hosts;
        this.rule = rule;
        this.clock = clock;
    }

    /** The checks without memory: readable, addressed to a hosted processor, signed by the orchestrator, fresh. */
    public ProcessorCommandV1 read(EventEnvelope event) {
        ProcessorCommandV1 command = CommandDecryption.read(event, hosts);
        if (command.signature() == null) {
            throw new PoisonMessageException("processor command is not signed");
        }
        if (!SignedJson.verifyFast(command, command.signature(), orchestrator.publicKey())) {
            throw new PoisonMessageException(
                    "processor command signature does not verify with the orchestrator's" + " pinned key");
        }
        rule.stale(command, clock.instant()).ifPresent(reason -> {
            throw new PoisonMessageException(reason);
        });
        return command;
    }

    /**
     * In the poll's transaction, one command after the other: refuses a replay ({@link CommandReplayRule#replayed}),
     * and remembers each command admitted (its content hash, its attempt) with the work it leads to, so a failed
     * transaction forgets it again.
     */
    public Uni<Void> admit(List<ProcessorCommandV1> commands) {
        return InOrder.each(commands, this::admit);
    }

    private Uni<Void> admit(ProcessorCommandV1 command) {
        String hash = CommandReplayRule.contentHash(command);
        return Sql.rows(
                        "select content_hash, last_attempt from connector_command where command_id = cast(:c as uuid)"
                                + " and processor = :p for update",
                        "c",
                        command.commandId().toString(),
                        "p",
                        command.processor())
                .flatMap(rows -> {
                    CommandReplayRule.Seen before = rows.isEmpty()
                            ? null
                            : new CommandReplayRule.Seen(
                                    rows.get(0).text(0), rows.get(0).intValue(1));
                    var refusal = rule.replayed(command, hash, before);
                    if (refusal.isPresent()) {
                        return Uni.createFrom().failure(new PoisonMessageException(refusal.get()));
                    }
                    return Sql.update(
                                    "insert into connector_command (command_id, processor, content_hash,"
                                            + " last_attempt, issued_at) values (cast(:c as uuid), :p, :h, :a, cast(cast(:t as"
                                            + " text) as timestamptz)) on conflict (command_id, processor) do update set last_attempt ="
                                            + " excluded.last_attempt, issued_at = excluded.issued_at, acted_at = now()",
                                    "c",
                                    command.commandId().toString(),
                                    "p",
                                    command.processor(),
                                    "h",
                                    hash,
                                    "a",
                                    command.attempt(),
                                    "t",
                                    command.issuedAt().toString())
                            .replaceWithVoid();
                });
    }

    /** Forgets commands whose every dispatch is outside the window now: they are refused by age anyway. */
    @Scheduled(
            every = "${dsr.connector.commands.forget-interval:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpired() {
        return Panache.withTransaction(() -> Sql.update(
                        "delete from connector_command where issued_at < cast(cast(:t as" + " text) as timestamptz)",
                        "t",
                        clock.instant().minus(rule.maxAge()).toString()))
                .onFailure()
                .invoke(e -> LOG.warnf(
                        "forgetting old commands failed (%s)", e.getClass().getName()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
