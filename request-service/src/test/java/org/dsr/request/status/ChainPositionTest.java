package org.dsr.request.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.request.status.ChainPosition.Link;
import org.dsr.request.status.ChainPosition.Verdict.Kind;
import org.junit.jupiter.api.Test;

class ChainPositionTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final String GENESIS = CompletionRecordV1.GENESIS_HASH;

    private static Link link(long sequence, String previous, String hash) {
        return new Link(UUID.randomUUID(), sequence, previous, hash);
    }

    @Test
    void aRecordWithNothingStoredAroundItIsTakenOnItsSignature() {
        assertThat(check(link(7, A, B), null, null, null, null).kind()).isEqualTo(Kind.ACCEPT);
        assertThat(check(link(1, GENESIS, A), null, null, null, null).kind()).isEqualTo(Kind.ACCEPT);
    }

    @Test
    void aRecordMustLinkToTheStoredRecordBeforeItAndTheStoredRecordAfterItMustLinkToIt() {
        Link before = link(6, C, A);
        Link after = link(8, B, C);
        assertThat(check(link(7, A, B), null, null, before, after).kind()).isEqualTo(Kind.ACCEPT);

        ChainPosition.Verdict wrongBefore = check(link(7, C, B), null, null, before, after);
        assertThat(wrongBefore.kind()).isEqualTo(Kind.REFUSE);
        assertThat(wrongBefore.reason()).contains("is not the hash of stored record " + before.recordId());

        ChainPosition.Verdict wrongAfter = check(link(7, A, C), null, null, before, after);
        assertThat(wrongAfter.kind()).isEqualTo(Kind.REFUSE);
        assertThat(wrongAfter.reason()).contains("but stored record " + after.recordId() + " (#8) links to");
    }

    @Test
    void theSameRecordAgainIsADuplicateAndAnotherOneWithItsIdOrSequenceAConflict() {
        Link stored = link(7, A, B);
        assertThat(check(stored, stored, stored, null, null).kind()).isEqualTo(Kind.DUPLICATE);

        Link sameIdOtherContent = new Link(stored.recordId(), 7, A, C);
        assertThat(check(sameIdOtherContent, stored, stored, null, null).reason())
                .endsWith("differs from the stored record with the same id (#7)");

        Link other = link(7, A, C);
        assertThat(check(other, null, stored, null, null).reason())
                .endsWith("conflicts with stored record " + stored.recordId() + " at the same sequence");
    }

    @Test
    void aSequenceBelowOneAMalformedHashAndTheGenesisHashAnywhereButAtOneAreRefused() {
        assertThat(ChainPosition.malformed(link(0, GENESIS, A)))
                .get()
                .asString()
                .endsWith("a chain starts at 1");
        assertThat(ChainPosition.malformed(link(3, "xyz", A)))
                .get()
                .asString()
                .endsWith("has no previousRecordHash of 64 lower-case hex digits");
        assertThat(ChainPosition.malformed(link(3, null, A))).isPresent();
        assertThat(ChainPosition.malformed(link(1, A, B)))
                .get()
                .asString()
                .endsWith("does not link to the genesis hash (64 zeros)");
        assertThat(ChainPosition.malformed(link(2, GENESIS, B)))
                .get()
                .asString()
                .endsWith("links to the genesis hash, which only #1 may");
        assertThat(check(link(2, GENESIS, B), null, null, null, null).kind()).isEqualTo(Kind.REFUSE);
    }

    private static ChainPosition.Verdict check(Link record, Link sameId, Link sameSequence, Link before, Link after) {
        return ChainPosition.check(
                record,
                Optional.ofNullable(sameId),
                Optional.ofNullable(sameSequence),
                Optional.ofNullable(before),
                Optional.ofNullable(after));
    }
}
