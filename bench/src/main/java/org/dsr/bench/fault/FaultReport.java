package org.dsr.bench.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a fault run found, and its verdict. Pure: built from what the end checks read, so the rules are unit-tested.
 * <ul>
 * <li><b>completed</b>: an accepted request with a completion record (version 1) whose request and saga both say
 * COMPLETED or COMPLETED_WITH_RETENTION;</li>
 * <li><b>lost</b>: an accepted request without a completion record at the end (whether request-service never created
 * it, or it is still open somewhere: then it is also <b>stuck</b>);</li>
 * <li><b>stuck</b>: an accepted request that request-service never created, or whose request or saga is still in a
 * non-final state;</li>
 * <li><b>duplicates</b>: request ids with more than one version-1 record (in the orchestrator's table, or distinct
 * record ids on {@code dsr.completions}), plus subjects with more than one request. Version 2+ records are deferred
 * erasures appended when a retention ends (docs/proof.md), not duplicates.</li>
 * </ul>
 */
public record FaultReport(
        int faultsInjected,
        List<String> kindsKilled,
        int requests,
        int accepted,
        int rejected,
        int completed,
        int duplicates,
        int lost,
        int stuck,
        int needsAttention,
        int laterVersions,
        boolean chainVerified,
        String chainSummary,
        long leftoverRows,
        Map<String, Long> leftoversByPlace,
        String injectorFailure,
        List<String> lostIds,
        List<String> stuckIds,
        List<String> duplicateIds) {

    public static final Set<String> COMPLETED_STATUSES = Set.of("COMPLETED", "COMPLETED_WITH_RETENTION");
    public static final Set<String> FINAL_STATUSES =
            Set.of("COMPLETED", "COMPLETED_WITH_RETENTION", "NEEDS_ATTENTION", "CANCELLED");

    /**
     * What the end checks read about one accepted request.
     *
     * @param requestId       null when request-service has no request for the submission
     * @param requestStatus   request-service's status, null if unknown
     * @param sagaStatus      the orchestrator's saga status, null if there is no saga
     * @param v1Records       version-1 completion records in the orchestrator's table
     * @param v1RecordIdsOnKafka distinct record ids of version 1 seen on {@code dsr.completions}
     * @param laterVersions   records with version 2 or more (deferred erasure)
     * @param requestsForSubject requests request-service holds for the subject's pseudonym
     */
    public record Observed(
            String requestId,
            String requestStatus,
            String sagaStatus,
            int v1Records,
            int v1RecordIdsOnKafka,
            int laterVersions,
            int requestsForSubject) {}

    /** The per-request classification. */
    public enum Verdict {
        COMPLETED,
        LOST,
        LOST_STUCK,
        NEEDS_ATTENTION
    }

    public static Verdict classify(Observed o) {
        if (o.requestId() == null) {
            return Verdict.LOST_STUCK;
        }
        boolean openSomewhere = o.requestStatus() == null
                || !FINAL_STATUSES.contains(o.requestStatus())
                || o.sagaStatus() == null
                || !FINAL_STATUSES.contains(o.sagaStatus());
        if ("NEEDS_ATTENTION".equals(o.requestStatus()) || "NEEDS_ATTENTION".equals(o.sagaStatus())) {
            return o.v1Records() > 0 ? Verdict.NEEDS_ATTENTION : Verdict.LOST;
        }
        if (o.v1Records() == 0) {
            return openSomewhere ? Verdict.LOST_STUCK : Verdict.LOST;
        }
        if (openSomewhere
                || !COMPLETED_STATUSES.contains(o.requestStatus())
                || !COMPLETED_STATUSES.contains(o.sagaStatus())) {
            // a record exists but a status never caught up: counted as stuck, not completed
            return Verdict.LOST_STUCK;
        }
        return Verdict.COMPLETED;
    }

    public static boolean isDuplicate(Observed o) {
        return o.v1Records() > 1 || o.v1RecordIdsOnKafka() > 1 || o.requestsForSubject() > 1;
    }

    /** Builds the report from the observations of every accepted request. */
    public static FaultReport of(
            int faultsInjected,
            List<String> kindsKilled,
            int requests,
            int rejected,
            List<Observed> acceptedRequests,
            boolean chainVerified,
            String chainSummary,
            Map<String, Long> leftovers,
            String injectorFailure) {
        int completed = 0;
        int lost = 0;
        int stuck = 0;
        int attention = 0;
        int duplicates = 0;
        int later = 0;
        List<String> lostIds = new ArrayList<>();
        List<String> stuckIds = new ArrayList<>();
        List<String> duplicateIds = new ArrayList<>();
        for (Observed o : acceptedRequests) {
            String id = o.requestId() == null ? "(no request)" : o.requestId();
            switch (classify(o)) {
                case COMPLETED -> completed++;
                case NEEDS_ATTENTION -> attention++;
                case LOST -> {
                    lost++;
                    lostIds.add(id);
                }
                case LOST_STUCK -> {
                    if (o.v1Records() == 0) {
                        lost++;
                        lostIds.add(id);
                    }
                    stuck++;
                    stuckIds.add(id);
                }
            }
            if (isDuplicate(o)) {
                duplicates++;
                duplicateIds.add(id);
            }
            later += o.laterVersions();
        }
        long leftoverRows =
                leftovers.values().stream().mapToLong(Long::longValue).sum();
        return new FaultReport(
                faultsInjected,
                List.copyOf(kindsKilled),
                requests,
                acceptedRequests.size(),
                rejected,
                completed,
                duplicates,
                lost,
                stuck,
                attention,
                later,
                chainVerified,
                chainSummary,
                leftoverRows,
                new LinkedHashMap<>(leftovers),
                injectorFailure,
                limit(lostIds),
                limit(stuckIds),
                limit(duplicateIds));
    }

    private static List<String> limit(List<String> ids) {
        return List.copyOf(ids.subList(0, Math.min(20, ids.size())));
    }

    /** Why the run failed; empty when it passed. */
    public List<String> failures(List<String> expectedKinds) {
        List<String> f = new ArrayList<>();
        if (accepted + rejected < requests) {
            f.add((requests - accepted - rejected) + " requests never accepted (sender gave up)");
        }
        if (rejected > 0) {
            f.add(rejected + " requests rejected (4xx)");
        }
        if (lost > 0) {
            f.add(lost + " accepted requests without a completion record");
        }
        if (stuck > 0) {
            f.add(stuck + " requests stuck in a non-final state");
        }
        if (needsAttention > 0) {
            f.add(needsAttention + " requests NEEDS_ATTENTION");
        }
        if (duplicates > 0) {
            f.add(duplicates + " requests with duplicate completion records or requests");
        }
        if (completed != accepted) {
            f.add("completed " + completed + " of " + accepted + " accepted");
        }
        if (!chainVerified) {
            f.add("completion chain does not verify: " + chainSummary);
        }
        if (leftoverRows > 0) {
            f.add(leftoverRows + " rows in processor stores still hold data of erased subjects: " + leftoversByPlace);
        }
        if (injectorFailure != null) {
            f.add("fault injection failed: " + injectorFailure);
        }
        List<String> missingKinds = new ArrayList<>(expectedKinds);
        missingKinds.removeAll(kindsKilled);
        if (!missingKinds.isEmpty()) {
            f.add("never killed: " + missingKinds);
        }
        return f;
    }

    /** The table the issue asks for: faults injected, requests, completed, duplicates, lost (and the rest). */
    public String table() {
        String[][] rows = {
            {"faults injected", String.valueOf(faultsInjected)},
            {"requests", String.valueOf(requests)},
            {"accepted", String.valueOf(accepted)},
            {"completed", String.valueOf(completed)},
            {"duplicates", String.valueOf(duplicates)},
            {"lost", String.valueOf(lost)},
            {"stuck", String.valueOf(stuck)},
            {"needs attention", String.valueOf(needsAttention)},
            {"rejected", String.valueOf(rejected)},
            {"later record versions", String.valueOf(laterVersions)},
            {"chain", chainVerified ? "verified" : "FAILED"},
            {"leftover rows", String.valueOf(leftoverRows)}
        };
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("| %-22s | %10s |%n", "", "count"));
        sb.append(String.format("|%s|%s|%n", "-".repeat(24), "-".repeat(12)));
        for (String[] r : rows) {
            sb.append(String.format("| %-22s | %10s |%n", r[0], r[1]));
        }
        return sb.toString();
    }
}
