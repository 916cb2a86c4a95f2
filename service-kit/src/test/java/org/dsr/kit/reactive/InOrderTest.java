package org.dsr.kit.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

class InOrderTest {

    /** Deep enough that a chain of Unis built in a loop overflows a default thread stack. */
    private static final List<Integer> MANY =
            IntStream.range(0, 200_000).boxed().toList();

    @Test
    void synchronousWorkForManyItemsRunsInOrderWithoutOverflowingTheStack() {
        List<Integer> seen = new ArrayList<>();
        InOrder.each(MANY, i -> Uni.createFrom().item(i).invoke(seen::add))
                .await()
                .atMost(Duration.ofSeconds(30));
        assertThat(seen).isEqualTo(MANY);
        assertThat(InOrder.map(MANY, i -> Uni.createFrom().item(i * 2)).await().atMost(Duration.ofSeconds(30)))
                .hasSize(MANY.size())
                .startsWith(0, 2, 4)
                .endsWith(399_998);
    }

    @Test
    void theLoopBuiltChainItReplacesDoesOverflow() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Integer i : MANY) {
            chain = chain.chain(() -> Uni.createFrom().item(i)).replaceWithVoid();
        }
        Uni<Void> built = chain;
        assertThatThrownBy(() -> built.await().atMost(Duration.ofSeconds(30))).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void theFirstFailureStopsTheRest() {
        List<Integer> seen = new ArrayList<>();
        Uni<Void> work = InOrder.each(
                List.of(1, 2, 3),
                i -> i == 2
                        ? Uni.createFrom().failure(new IllegalStateException("two"))
                        : Uni.createFrom().item(i).invoke(seen::add));
        assertThatThrownBy(() -> work.await().atMost(Duration.ofSeconds(5))).hasMessage("two");
        assertThat(seen).containsExactly(1);
    }

    @Test
    void foldGivesEachItemThePreviousValueWithoutOverflowingTheStack() {
        // given 100,000 items whose work completes synchronously
        List<Integer> items = IntStream.range(0, 100_000).boxed().toList();

        // when their sum is folded one item after the other
        long sum = InOrder.fold(items, 0L, (total, i) -> Uni.createFrom().item(total + i))
                .await()
                .atMost(Duration.ofSeconds(30));

        // then every item was added once, and the stack held
        assertThat(sum).isEqualTo(99_999L * 100_000L / 2);
    }

    @Test
    void foldOfNothingIsTheInitialValueAndEverySubscriptionStartsAgain() {
        assertThat(InOrder.<Integer, String>fold(
                                List.of(), "start", (s, i) -> Uni.createFrom().item(s + i))
                        .await()
                        .atMost(Duration.ofSeconds(5)))
                .isEqualTo("start");
        Uni<String> joined =
                InOrder.fold(List.of(1, 2, 3), "", (s, i) -> Uni.createFrom().item(s + i));
        assertThat(joined.await().atMost(Duration.ofSeconds(5))).isEqualTo("123");
        assertThat(joined.await().atMost(Duration.ofSeconds(5))).isEqualTo("123");
    }

    @Test
    void foldStopsAtTheFirstFailure() {
        List<Integer> seen = new ArrayList<>();
        Uni<Integer> work = InOrder.fold(
                List.of(1, 2, 3),
                0,
                (total, i) -> i == 2
                        ? Uni.createFrom().failure(new IllegalStateException("two"))
                        : Uni.createFrom().item(total + i).invoke(() -> seen.add(i)));
        assertThatThrownBy(() -> work.await().atMost(Duration.ofSeconds(5))).hasMessage("two");
        assertThat(seen).containsExactly(1);
    }
}
