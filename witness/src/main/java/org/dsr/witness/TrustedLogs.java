package org.dsr.witness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.NoteKey;

/** The logs a witness cosigns for: each origin with the note key(s) its checkpoints must be signed with. */
public final class TrustedLogs {

    private final Map<String, List<NoteKey>> keysByOrigin;

    private TrustedLogs(Map<String, List<NoteKey>> keysByOrigin) {
        this.keysByOrigin = keysByOrigin;
    }

    /** A log's origin and its Ed25519 note key. */
    public record Log(String origin, NoteKey key) {}

    public static TrustedLogs of(Collection<Log> logs) {
        Map<String, List<NoteKey>> byOrigin = new LinkedHashMap<>();
        for (Log log : logs) {
            if (log.origin().isEmpty() || log.origin().contains("\n")) {
                throw new IllegalArgumentException("a log's origin is one non-empty line");
            }
            if (log.key().type() != NoteKey.Type.ED25519) {
                throw new IllegalArgumentException(
                        "the key of log " + log.origin() + " is not an Ed25519 note key (type"
                                + " 0x01): a checkpoint is signed by the log's note key, not by a cosigner's");
            }
            byOrigin.computeIfAbsent(log.origin(), o -> new ArrayList<>()).add(log.key());
        }
        Map<String, List<NoteKey>> frozen = new LinkedHashMap<>();
        byOrigin.forEach((origin, keys) -> frozen.put(origin, List.copyOf(keys)));
        return new TrustedLogs(Map.copyOf(frozen));
    }

    /** From the configuration: a vkey that does not parse fails the start, naming the entry. */
    public static TrustedLogs of(Map<String, WitnessConfig.Log> configured) {
        List<Log> logs = new ArrayList<>();
        for (Map.Entry<String, WitnessConfig.Log> entry : configured.entrySet()) {
            try {
                logs.add(new Log(
                        entry.getValue().origin(),
                        NoteKey.parseVkey(entry.getValue().vkey())));
            } catch (InvalidProofException e) {
                throw new IllegalArgumentException(
                        "dsr.witness.logs." + entry.getKey() + ".vkey: " + e.getMessage(), e);
            }
        }
        return of(logs);
    }

    /** The keys trusted for an origin; empty when the origin is unknown. */
    public List<NoteKey> keysOf(String origin) {
        return keysByOrigin.getOrDefault(origin, List.of());
    }

    public Map<String, List<NoteKey>> all() {
        return keysByOrigin;
    }
}
