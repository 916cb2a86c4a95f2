package org.dsr.adapter.kit;

import java.util.Set;

import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorCommandV1;

/**
 * What an adapter knows about one of its data categories: how to act on the subject's rows and how to verify it.
 * <p>
 * {@link #apply} runs inside the command's transaction (the inbox record and the outbox rows commit with it): use
 * {@link org.dsr.adapter.kit.sql.Sql} (the current Hibernate Reactive session), never a connection of your own.
 * It must act and then read again, reporting what the read still found in {@link CategoryResult#remainingMatches()}.
 * The kit turns the result into an outcome ({@link OutcomeRules}).
 */
public interface DataCategoryHandler {

    /** The category name as the policy spells it, e.g. {@code access-logs}. */
    String category();

    /** The actions this category implements; any other is answered FAILED (permanent, "action not supported"). */
    Set<Action> supportedActions();

    /**
     * Lower runs first within a command. Children before parents, so that foreign keys are never violated and a
     * parent's keys (resolved up front in {@link SubjectMatch}) are still there when its children are handled.
     */
    default int executionOrder() {
        return 100;
    }

    Uni<CategoryResult> apply(Action action, SubjectMatch subject, ProcessorCommandV1 command);

    /**
     * What the kit calls. Override it when the category command itself matters, e.g. the retention handles of a
     * {@link Action#DEFERRED_ERASE}.
     */
    default Uni<CategoryResult> apply(CategoryCommand category, SubjectMatch subject, ProcessorCommandV1 command) {
        return apply(category.action(), subject, command);
    }
}
