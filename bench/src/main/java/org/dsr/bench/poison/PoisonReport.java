package org.dsr.bench.poison;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsr.bench.poison.MalformedEvents.Kind;

/**
 * What a poison-and-flood run found, and its verdict. Pure, so the rules are unit-tested: every valid request
 * completed, every bad event is on {@code dsr.intake.dlq} with a {@code dead-letter-reason}, no bad event became a
 * request, and every consumer group's lag reached 0.
 */
public record PoisonReport(
        int validSent,
        int validAccepted,
        int validCompleted,
        int validNotCompleted,
        int badSent,
        int badAcked,
        int badDeadLettered,
        int badWithReason,
        int badBecameRequests,
        Map<Kind, KindCount> perKind,
        Map<String, Long> lagPerGroup,
        List<String> notCompletedIds,
        List<String> missingFromDlq) {

    /** Per kind: sent (acknowledged), dead-lettered, dead-lettered with a reason, a sample reason. */
    public record KindCount(int sent, int deadLettered, int withReason, String sampleReason) {}

    /** One bad event as sent, and what the dead-letter topic holds for its key (reason null: no such header). */
    public record BadEvent(String key, Kind kind, boolean acked, boolean deadLettered, String reason) {}

    public static PoisonReport of(
            int validSent,
            int validAccepted,
            int validCompleted,
            List<String> notCompletedIds,
            List<BadEvent> bad,
            int badBecameRequests,
            Map<String, Long> lagPerGroup) {
        Map<Kind, int[]> counts = new EnumMap<>(Kind.class);
        Map<Kind, String> samples = new EnumMap<>(Kind.class);
        int acked = 0;
        int dead = 0;
        int withReason = 0;
        List<String> missing = new ArrayList<>();
        for (BadEvent b : bad) {
            int[] c = counts.computeIfAbsent(b.kind(), k -> new int[3]);
            if (!b.acked()) {
                continue;
            }
            acked++;
            c[0]++;
            if (b.deadLettered()) {
                dead++;
                c[1]++;
                if (b.reason() != null && !b.reason().isBlank()) {
                    withReason++;
                    c[2]++;
                    samples.putIfAbsent(b.kind(), b.reason());
                }
            } else {
                missing.add(b.key() + " (" + b.kind() + ")");
            }
        }
        Map<Kind, KindCount> perKind = new LinkedHashMap<>();
        counts.forEach((k, c) -> perKind.put(k, new KindCount(c[0], c[1], c[2], samples.get(k))));
        return new PoisonReport(
                validSent,
                validAccepted,
                validCompleted,
                validAccepted - validCompleted,
                bad.size(),
                acked,
                dead,
                withReason,
                badBecameRequests,
                perKind,
                new LinkedHashMap<>(lagPerGroup),
                List.copyOf(notCompletedIds.subList(0, Math.min(20, notCompletedIds.size()))),
                List.copyOf(missing.subList(0, Math.min(20, missing.size()))));
    }

    public List<String> failures() {
        List<String> f = new ArrayList<>();
        if (validAccepted < validSent) {
            f.add((validSent - validAccepted) + " valid requests never acknowledged");
        }
        if (validCompleted < validAccepted) {
            f.add((validAccepted - validCompleted) + " valid requests did not complete");
        }
        if (badAcked < badSent) {
            f.add((badSent - badAcked) + " bad events never acknowledged by the broker");
        }
        if (badDeadLettered < badAcked) {
            f.add((badAcked - badDeadLettered) + " bad events missing from the dead-letter topic");
        }
        if (badWithReason < badDeadLettered) {
            f.add((badDeadLettered - badWithReason) + " dead letters without a dead-letter-reason");
        }
        if (badBecameRequests > 0) {
            f.add(badBecameRequests + " bad events became requests");
        }
        lagPerGroup.forEach((group, lag) -> {
            if (lag != 0) {
                f.add("consumer group " + group + " lags " + lag + " records");
            }
        });
        if (lagPerGroup.isEmpty()) {
            f.add("no consumer groups found");
        }
        return f;
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("| %-32s | %8s |%n", "", "count"));
        sb.append(String.format("|%s|%s|%n", "-".repeat(34), "-".repeat(10)));
        row(sb, "valid requests sent", validSent);
        row(sb, "valid requests accepted", validAccepted);
        row(sb, "valid requests completed", validCompleted);
        row(sb, "bad events sent (acked)", badAcked);
        row(sb, "bad events dead-lettered", badDeadLettered);
        row(sb, "dead letters with reason", badWithReason);
        row(sb, "bad events that became requests", badBecameRequests);
        row(sb, "consumer groups with lag > 0", (int)
                lagPerGroup.values().stream().filter(l -> l != 0).count());
        sb.append('\n');
        sb.append(String.format("| %-24s | %6s | %6s | %s%n", "kind", "sent", "dlq", "dead-letter-reason (sample)"));
        sb.append(String.format("|%s|%s|%s|%s%n", "-".repeat(26), "-".repeat(8), "-".repeat(8), "-".repeat(40)));
        perKind.forEach((k, c) -> sb.append(String.format(
                "| %-24s | %6d | %6d | %s%n",
                k, c.sent(), c.deadLettered(), c.sampleReason() == null ? "-" : shorten(c.sampleReason(), 110))));
        sb.append('\n');
        sb.append(String.format("| %-32s | %8s |%n", "consumer group", "lag"));
        sb.append(String.format("|%s|%s|%n", "-".repeat(34), "-".repeat(10)));
        lagPerGroup.forEach((g, l) -> sb.append(String.format("| %-32s | %8d |%n", g, l)));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, int value) {
        sb.append(String.format("| %-32s | %8d |%n", name, value));
    }

    static String shorten(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
