package org.dsr.connector.kind;

import java.util.List;
import java.util.Map;
import java.util.Set;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.Action;

/**
 * One processor the connector speaks for, built by its {@link ConnectorKind} from its entry in the connectors file.
 * The connector core does everything around it that must be the same for every processor: inbox, decryption of the
 * identifiers, the attempt journal, outcome rules, signing with the processor's own key, the outbox and pending steps.
 */
public interface ProcessorConnector extends AutoCloseable {

    /** The processor's name: its command topic is {@code dsr.commands.<name>}, its key {@code <name>.pub}. */
    String processor();

    /** The categories it can act on, with the actions each supports; anything else is answered FAILED (permanent). */
    Map<String, Set<Action>> categories();

    /**
     * Acts on every category of the command and reads again to verify, answering one {@link StepResult} per category
     * of {@link CommandContext#categories()}, in any order. Runs on the caller's Vert.x context or not: the core moves
     * the answer back. A failed Uni is a failure of the whole command (store unreachable): the core retries it as
     * any failed message; a permanent refusal of one category is a {@link StepResult} with a failure.
     */
    Uni<List<StepResult>> execute(CommandContext command);

    /**
     * Asks again about a category this connector answered PENDING with a resume state (a vendor's status URL, a
     * webhook's job id): the final result, or PENDING again with a new expected completion. Kinds that never answer
     * PENDING need not implement it.
     */
    default Uni<StepResult> resume(PendingStep step) {
        return Uni.createFrom().failure(new UnsupportedOperationException(processor() + " never answers PENDING"));
    }

    @Override
    default void close() {}
}
