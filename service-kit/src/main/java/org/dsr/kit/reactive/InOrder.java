package org.dsr.kit.reactive;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Runs work for each item one after the other (never two at once on a reactive session), without nesting.
 *
 * <p>Why not {@code chain = chain.chain(() -> work(item))} in a loop: when the work completes synchronously (entity
 * persists and in-memory steps do no I/O until the flush), each link runs inside the previous one's completion, one
 * stack level deeper per item. With a full poll that overflowed the event loop's stack and the consumer hung without
 * a word (seen in bench runs: intake at 100 events, the orchestrator's outcomes with C1-compiled code). A Multi's
 * concatenation drains items in a loop instead.
 */
public final class InOrder {

    private InOrder() {}

    /** Every item's work in order; fails with the first failure, and later items are not started. */
    public static <T> Uni<Void> each(Iterable<T> items, Function<T, Uni<?>> work) {
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .transformToUniAndConcatenate(item -> work.apply(item).replaceWith(Boolean.TRUE))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Every item's work in order, with the results in the items' order (a null result is left out). */
    public static <T, R> Uni<List<R>> map(Iterable<T> items, Function<T, Uni<R>> work) {
        return Multi.createFrom()
                .<T>iterable(items)
                .onItem()
                .<R>transformToUniAndConcatenate(work::apply)
                .collect()
                .asList();
    }

    /**
     * Every item's work in order, each given what the previous one returned ({@code initial} for the first): a loop
     * that accumulates a value (a running total, a map being filled) without nesting. The value after the last item;
     * {@code initial} when there are none. Fails with the first failure, and later items are not started.
     */
    public static <T, A> Uni<A> fold(Iterable<T> items, A initial, BiFunction<A, T, Uni<A>> step) {
        return Uni.createFrom().deferred(() -> {
            AtomicReference<A> value = new AtomicReference<>(initial);
            return Multi.createFrom()
                    .iterable(items)
                    .onItem()
                    .transformToUniAndConcatenate(item ->
                            step.apply(value.get(), item).invoke(value::set).replaceWith(Boolean.TRUE))
                    .collect()
                    .last()
                    .map(ignored -> value.get());
        });
    }
}
