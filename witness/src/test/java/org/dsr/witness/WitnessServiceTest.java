package org.dsr.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.Cosignatures;
import org.dsr.contracts.tlog.Merkle;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSigner;
import org.dsr.contracts.tlog.SignedNote;
import org.dsr.witness.WitnessService.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness end to end without HTTP: cosignatures that verify with its vkey at the clock's time, the latest
 * checkpoint kept on disk before the answer, a restart on the same state that still refuses a rollback, and the
 * specification's race (two requests of one log at once) with one winner.
 */
class WitnessServiceTest {

    private static final long NOW = 1_765_000_000L;

    @TempDir
    Path dir;

    private final TestLog log = new TestLog().grow(30);
    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private final List<CheckpointStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(CheckpointStore::close);
    }

    /** A witness process: its key from the keys directory, its state from the state directory. */
    private WitnessService start() {
        CheckpointStore store = CheckpointStore.open(dir.resolve("state"));
        opened.add(store);
        var keys = WitnessKeys.loadOrCreate(dir.resolve("keys"));
        NoteSigner signer =
                new NoteSigner("witness.test/w1", NoteKey.Type.COSIGNATURE_V1, keys.getPrivate(), keys.getPublic());
        return new WitnessService(
                signer, TrustedLogs.of(List.of(new TrustedLogs.Log(TestLog.ORIGIN, log.key()))), store, clock);
    }

    /** Stops the last witness started (its state directory lock released, as when its process ends). */
    private void stop() {
        opened.remove(opened.size() - 1).close();
    }

    private static Answer add(WitnessService witness, String body) {
        return witness.addCheckpoint(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_cosignature_verifies_with_the_witness_vkey_and_carries_the_clocks_time() throws Exception {
        WitnessService witness = start();

        Answer answer = add(witness, log.body(0, 10));

        assertThat(answer).isInstanceOf(Answer.Cosigned.class);
        String body = ((Answer.Cosigned) answer).body();
        assertThat(body).startsWith("\u2014 witness.test/w1 ").endsWith("\n").hasLineCount(1);
        SignedNote cosigned = SignedNote.parse(log.signed(10).format() + body);
        NoteKey pinned = NoteKey.parseVkey(witness.verifierKey().vkey());
        assertThat(pinned.type()).isEqualTo(NoteKey.Type.COSIGNATURE_V1);
        assertThat(pinned.verify(cosigned))
                .hasValueSatisfying(
                        line -> assertThat(Cosignatures.timestamp(line)).isEqualTo(NOW));
    }

    @Test
    void the_latest_checkpoint_is_on_disk_when_the_answer_comes_and_served_with_both_signatures() throws Exception {
        WitnessService witness = start();
        add(witness, log.body(0, 10));

        String hash = CheckpointStore.originHash(TestLog.ORIGIN);
        Path file = dir.resolve("state").resolve(hash + CheckpointStore.SUFFIX);
        SignedNote stored = SignedNote.parse(Files.readString(file));
        assertThat(Checkpoint.parse(stored.text())).isEqualTo(log.checkpoint(10));
        assertThat(log.key().verify(stored)).isPresent();
        assertThat(witness.verifierKey().verify(stored)).isPresent();
        assertThat(witness.latestByOriginHash(hash)).contains(stored);
        assertThat(witness.latestByOriginHash(CheckpointStore.originHash("another/log")))
                .isEmpty();
        // no temporary file is left beside it
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(hash + CheckpointStore.SUFFIX, CheckpointStore.LOCK_FILE);
        }
    }

    @Test
    void after_a_restart_on_the_same_state_a_rollback_and_a_split_view_are_still_refused() throws Exception {
        // given a witness that cosigned 0 -> 10 -> 20, then stopped
        WitnessService first = start();
        assertThat(add(first, log.body(0, 10))).isInstanceOf(Answer.Cosigned.class);
        assertThat(add(first, log.body(10, 20))).isInstanceOf(Answer.Cosigned.class);
        String vkey = first.verifierKey().vkey();
        stop();

        // when it starts again on the same directories
        WitnessService second = start();

        // then it is the same witness, at 20
        assertThat(second.verifierKey().vkey()).isEqualTo(vkey);
        assertThat(add(second, log.body(10, 15))).isEqualTo(new Answer.Conflict(20));
        assertThat(add(second, log.body(0, 10))).isEqualTo(new Answer.Conflict(20));
        assertThat(add(second, TestLog.body(20, List.of(), log.signed(15))))
                .isInstanceOfSatisfying(
                        Answer.Refused.class, r -> assertThat(r.status()).isEqualTo(400));
        TestLog split = log.forkAt(19, "split").grow(1);
        assertThat(add(second, split.body(20, 20)))
                .isInstanceOfSatisfying(
                        Answer.Refused.class, r -> assertThat(r.status()).isEqualTo(422));
        // and it goes on from 20
        assertThat(add(second, log.body(20, 30))).isInstanceOf(Answer.Cosigned.class);
    }

    @Test
    void a_signed_inconsistent_checkpoint_is_kept_as_evidence_once() throws Exception {
        WitnessService witness = start();
        add(witness, log.body(0, 10));
        TestLog split = log.forkAt(9, "split").grow(1);

        add(witness, split.body(10, 10));
        add(witness, split.body(10, 10));

        Path evidence = dir.resolve("state/evidence").resolve(CheckpointStore.originHash(TestLog.ORIGIN));
        try (var files = Files.list(evidence)) {
            List<Path> kept = files.toList();
            assertThat(kept).hasSize(1);
            assertThat(SignedNote.parse(Files.readString(kept.get(0)))).isEqualTo(split.signed(10));
        }
    }

    @Test
    void every_refusal_has_its_status() {
        WitnessService witness = start();
        TestLog unknown = new TestLog();

        assertThat(add(witness, "old 0\n"))
                .isEqualTo(new Answer.Refused(400, "the body has no empty line before the checkpoint"));
        String otherLog = new Checkpoint("other/log", 0, Merkle.emptyRoot()).text();
        assertThat(status(add(
                        witness,
                        TestLog.body(0, List.of(), TestLog.signedBy(TestLog.newSigner("other/log"), otherLog)))))
                .isEqualTo(404);
        assertThat(status(add(witness, TestLog.impostor().grow(3).body(0, 3)))).isEqualTo(403);
        assertThat(status(add(witness, unknown.grow(3).body(0, 3)))).isEqualTo(403);
        assertThat(add(witness, log.body(5, 10))).isEqualTo(new Answer.Conflict(0));
    }

    @Test
    void two_requests_of_one_log_at_once_never_roll_it_back() throws Exception {
        // given a witness at 10
        WitnessService witness = start();
        add(witness, log.body(0, 10));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (long from = 10; from < 30; from++) {
                // when two requests from its size come at once, one to the next size, one to the same size
                CountDownLatch go = new CountDownLatch(1);
                String grow = log.body(from, from + 1);
                String same = log.body(from, from);
                Callable<Answer> bigger = () -> {
                    go.await();
                    return add(witness, grow);
                };
                Callable<Answer> again = () -> {
                    go.await();
                    return add(witness, same);
                };
                Future<Answer> a = pool.submit(bigger);
                Future<Answer> b = pool.submit(again);
                go.countDown();
                // then the bigger one is cosigned in either order, the other is cosigned before it or gets a 409
                assertThat(a.get()).isInstanceOf(Answer.Cosigned.class);
                Answer other = b.get();
                assertThat(other instanceof Answer.Cosigned || other.equals(new Answer.Conflict(from + 1)))
                        .as("the same-size request: %s", other)
                        .isTrue();
                // and the witness stands at the bigger size, never back at the smaller one
                assertThat(add(witness, log.body(from, from))).isEqualTo(new Answer.Conflict(from + 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_second_process_on_the_same_state_directory_is_refused() {
        start();
        assertThatThrownBy(() -> CheckpointStore.open(dir.resolve("state")))
                .hasMessageContaining("another witness process");
    }

    @Test
    void an_unreadable_state_file_fails_closed_never_as_a_fresh_start() throws Exception {
        WitnessService witness = start();
        add(witness, log.body(0, 10));
        Path file = dir.resolve("state").resolve(CheckpointStore.originHash(TestLog.ORIGIN) + CheckpointStore.SUFFIX);
        Files.writeString(file, "garbage");

        assertThatThrownBy(() -> add(witness, log.body(0, 5))).hasMessageContaining("unreadable");
    }

    private static int status(Answer answer) {
        return ((Answer.Refused) answer).status();
    }
}
