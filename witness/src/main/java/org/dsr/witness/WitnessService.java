package org.dsr.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSignature;
import org.dsr.contracts.tlog.NoteSigner;
import org.dsr.contracts.tlog.SignedNote;
import org.jboss.logging.Logger;

/**
 * {@code add-checkpoint} end to end (c2sp.org/tlog-witness): parses the request, and, holding the origin's lock so that
 * no two requests of one log interleave (the specification's rollback race), reads the latest cosigned checkpoint,
 * asks {@link WitnessRules}, and for an accepted checkpoint cosigns it, saves it durably and only then answers. Plain
 * Java (the HTTP resource and a unit test build it alike).
 * <p>
 * A checkpoint signed by the log's key that is refused as inconsistent (422) may be proof that the log misbehaved: it is
 * logged and kept under {@code evidence/} in the state directory (one file per distinct note, so a replay adds none).
 */
public final class WitnessService {

    private static final Logger LOG = Logger.getLogger(WitnessService.class);

    /** What the HTTP resource answers. */
    public sealed interface Answer {

        /** 200: the cosignature lines. */
        record Cosigned(List<NoteSignature> cosignatures) implements Answer {
            public Cosigned {
                cosignatures = List.copyOf(cosignatures);
            }

            /** The response body: each signature line with its newline. */
            public String body() {
                StringBuilder body = new StringBuilder();
                cosignatures.forEach(line -> body.append(line.line()).append('\n'));
                return body.toString();
            }
        }

        /** 409, body {@code <latestSize>\n} as {@code text/x.tlog.size}. */
        record Conflict(long latestSize) implements Answer {}

        /** 400, 403, 404 or 422 with a reason that names no data. */
        record Refused(int status, String reason) implements Answer {}
    }

    private final NoteSigner signer;
    private final TrustedLogs logs;
    private final CheckpointStore store;
    private final Clock clock;
    private final Map<String, ReentrantLock> locks = new LinkedHashMap<>();
    private final Map<String, String> originsByHash = new LinkedHashMap<>();

    public WitnessService(NoteSigner signer, TrustedLogs logs, CheckpointStore store, Clock clock) {
        if (signer.verifierKey().type() != NoteKey.Type.COSIGNATURE_V1) {
            throw new IllegalArgumentException("a witness signs cosignatures (type 0x04)");
        }
        this.signer = signer;
        this.logs = logs;
        this.store = store;
        this.clock = clock;
        for (String origin : logs.all().keySet()) {
            locks.put(origin, new ReentrantLock());
            originsByHash.put(CheckpointStore.originHash(origin), origin);
        }
    }

    /** The witness's cosignature verifier key (its vkey, to publish and pin). */
    public NoteKey verifierKey() {
        return signer.verifierKey();
    }

    public TrustedLogs logs() {
        return logs;
    }

    public Answer addCheckpoint(byte[] body) {
        AddCheckpointRequest request;
        try {
            request = AddCheckpointRequest.parse(body);
        } catch (InvalidProofException e) {
            return new Answer.Refused(WitnessRules.Refusal.BAD_REQUEST.status(), e.getMessage());
        }
        String origin = request.origin();
        ReentrantLock lock = locks.get(origin);
        if (lock == null) {
            return refused(WitnessRules.decide(request, List.of(), Optional.empty()));
        }
        lock.lock();
        try {
            Optional<CheckpointStore.Stored> latest = store.latest(origin);
            WitnessRules.Verdict verdict =
                    WitnessRules.decide(request, logs.keysOf(origin), latest.map(CheckpointStore.Stored::checkpoint));
            if (verdict instanceof WitnessRules.Verdict.Cosign cosign) {
                long now = clock.instant().getEpochSecond();
                if (now <= 0) {
                    throw new IllegalStateException("the clock is before 1970: a cosignature's time is positive");
                }
                NoteSignature cosignature = signer.cosign(request.note().text(), now);
                List<NoteSignature> kept = new ArrayList<>(cosign.logSignatures());
                kept.add(cosignature);
                store.save(cosign.checkpoint(), new SignedNote(request.note().text(), kept));
                LOG.infof(
                        "cosigned %s at size %d (was %d)",
                        origin,
                        cosign.checkpoint().size(),
                        latest.map(s -> s.checkpoint().size()).orElse(0L));
                return new Answer.Cosigned(List.of(cosignature));
            }
            if (verdict instanceof WitnessRules.Verdict.Conflict conflict) {
                return new Answer.Conflict(conflict.latestSize());
            }
            WitnessRules.Verdict.Refuse refuse = (WitnessRules.Verdict.Refuse) verdict;
            if (refuse.refusal() == WitnessRules.Refusal.UNPROCESSABLE) {
                keepEvidence(origin, request.note(), refuse.reason());
            }
            return refused(verdict);
        } finally {
            lock.unlock();
        }
    }

    /** The latest cosigned checkpoint of a log, by the hex SHA-256 of its origin (the monitoring API's path). */
    public Optional<SignedNote> latestByOriginHash(String originHash) {
        String origin = originsByHash.get(originHash);
        return origin == null ? Optional.empty() : store.latest(origin).map(CheckpointStore.Stored::note);
    }

    private static Answer refused(WitnessRules.Verdict verdict) {
        WitnessRules.Verdict.Refuse refuse = (WitnessRules.Verdict.Refuse) verdict;
        return new Answer.Refused(refuse.refusal().status(), refuse.reason());
    }

    private void keepEvidence(String origin, SignedNote note, String reason) {
        Path dir = store.dir().resolve("evidence").resolve(CheckpointStore.originHash(origin));
        Path file = dir.resolve(Hashes.sha256Hex(note.format()) + ".note");
        LOG.warnf("refused a checkpoint of %s signed by its key: %s; kept as %s", origin, reason, file);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                Files.writeString(file, note.format(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            LOG.warnf("cannot keep the evidence in %s: %s", file, e.getMessage());
        }
    }
}
