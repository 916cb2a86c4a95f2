package org.dsr.orchestrator.console.compliance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.CompletionRecordV1.RetainedCategory;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.orchestrator.console.compliance.ProofChecks.RecordCheck;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.proof.CompletionRecordEntity;

/**
 * One completion record as the console shows it: per processor what was erased, anonymised, restricted and
 * retained, on which legal basis and until when, with the server's verdict on its signatures and chain links.
 * Pseudonymous metadata only: the record holds no identifier.
 */
public record RecordView(
        String requestId,
        String recordId,
        long sequence,
        int version,
        List<Integer> versions,
        String requestType,
        String jurisdiction,
        String status,
        String subjectPseudonym,
        String receivedAt,
        String dueAt,
        String completedAt,
        boolean onTime,
        String timeliness,
        String previousHash,
        String recordHash,
        String keyId,
        String algorithm,
        Counts counts,
        List<ProcessorView> processors,
        List<RetainedView> retained,
        CheckView check) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public record Counts(
            int erased, int anonymised, int restricted, int lifted, int retained, int notFound, int total) {}

    public record ProcessorView(String name, String description, String status, List<OutcomeView> outcomes) {}

    /** @param signature how the processor's signature fared on the server, in words */
    public record OutcomeView(
            String category,
            String description,
            String action,
            String status,
            long rowsAffected,
            long remainingMatches,
            String verification,
            String legalBasis,
            String retainUntil,
            int handles,
            String completedAt,
            String signature,
            String signatureState) {}

    public record RetainedView(String processor, String category, String legalBasis, String retainUntil) {}

    /** The server's verdict in words, for the page and the PDF. */
    public record CheckView(
            boolean verified,
            boolean chainIntact,
            String signature,
            String back,
            String forward,
            String problem,
            String forwardProblem,
            List<String> warnings,
            String state) {}

    public static RecordView of(
            CompletionRecordEntity entity, List<Integer> versions, RecordCheck check, Policy policy) {
        CompletionRecordV1 record = Json.read(entity.payload, CompletionRecordV1.class);
        int erased = 0, anonymised = 0, restricted = 0, lifted = 0, retainedCount = 0, notFound = 0, total = 0;
        List<ProcessorView> processors = new ArrayList<>();
        for (ProcessorResult result : record.processors()) {
            List<OutcomeView> outcomes = new ArrayList<>();
            for (ProcessorOutcomeV1 o : result.outcomes()) {
                total++;
                switch (o.status()) {
                    case ERASED -> erased++;
                    case ANONYMISED -> anonymised++;
                    case RESTRICTED -> restricted++;
                    case LIFTED -> lifted++;
                    case RETAINED -> retainedCount++;
                    case NOT_FOUND -> notFound++;
                    default -> {}
                }
                outcomes.add(outcome(result.processor(), o, check, policy));
            }
            processors.add(new ProcessorView(
                    result.processor(),
                    policy.processor(result.processor())
                            .map(Policy.Processor::description)
                            .orElse(""),
                    worst(result.outcomes()),
                    outcomes));
        }
        List<RetainedView> retained = new ArrayList<>();
        if (record.retained() != null) {
            for (RetainedCategory r : record.retained()) {
                retained.add(new RetainedView(r.processor(), r.category(), r.legalBasis(), until(r.retainUntil())));
            }
        }
        boolean onTime = record.completedAt() != null
                && record.dueAt() != null
                && !record.completedAt().isAfter(record.dueAt());
        return new RecordView(
                String.valueOf(record.requestId()),
                String.valueOf(record.recordId()),
                record.sequence(),
                record.version(),
                versions,
                String.valueOf(record.requestType()),
                String.valueOf(record.jurisdiction()),
                record.status(),
                record.subjectPseudonym(),
                time(record.receivedAt()),
                time(record.dueAt()),
                time(record.completedAt()),
                onTime,
                timeliness(record.completedAt(), record.dueAt()),
                record.previousRecordHash(),
                check.recordHash(),
                record.signature() == null ? null : record.signature().keyId(),
                record.signature() == null ? null : record.signature().algorithm(),
                new Counts(erased, anonymised, restricted, lifted, retainedCount, notFound, total),
                processors,
                retained,
                checkView(entity, check));
    }

    private static OutcomeView outcome(String processor, ProcessorOutcomeV1 o, RecordCheck check, Policy policy) {
        String name = "outcome " + processor + "/" + o.category() + ": ";
        String signature;
        String state;
        if (o.signature() == null) {
            signature = "unsigned";
            state = "warn";
        } else if (check.warnings().stream().anyMatch(w -> w.startsWith(name))) {
            signature = "signed by " + o.signature().keyId() + ", not checked: key not provided";
            state = "warn";
        } else if (check.verified()) {
            signature = "verified: " + o.signature().keyId();
            state = "ok";
        } else {
            signature = "signed by " + o.signature().keyId();
            state = "warn";
        }
        String description = policy.processor(processor)
                .flatMap(p -> p.categories().stream()
                        .filter(c -> c.name().equals(o.category()))
                        .findFirst())
                .map(Policy.Category::description)
                .orElse(null);
        return new OutcomeView(
                o.category(),
                description == null ? "" : description,
                o.action() == null ? "" : o.action().name(),
                o.status().name(),
                o.evidence() == null ? 0 : o.evidence().rowsAffected(),
                o.evidence() == null ? 0 : o.evidence().remainingMatches(),
                o.evidence() == null || o.evidence().verification() == null
                        ? ""
                        : o.evidence().verification(),
                o.retention() == null ? null : o.retention().legalBasis(),
                o.retention() == null ? null : until(o.retention().retainUntil()),
                o.retention() == null || o.retention().handles() == null
                        ? 0
                        : o.retention().handles().size(),
                time(o.completedAt()),
                signature,
                state);
    }

    private static CheckView checkView(CompletionRecordEntity entity, RecordCheck check) {
        String signature = check.keyId() != null ? "valid Ed25519 signature by " + check.keyId() : "not verified";
        String back = switch (check.back()) {
            case GENESIS -> "first record of the chain: links to 64 zeros";
            case OK -> "links to #" + (entity.sequence - 1) + " (its SHA-256 matches previousRecordHash)";
            case BROKEN -> "BROKEN: previousRecordHash is not the SHA-256 of #" + (entity.sequence - 1);
            case MISSING -> "#" + (entity.sequence - 1) + " is missing from the database";
            case NOT_CHECKED -> "#" + (entity.sequence - 1) + " fails its own verification; its hash matches";
            case NEWEST -> "";
        };
        String forward = switch (check.forward()) {
            case NEWEST -> "newest record of the chain: nothing links to it yet";
            case OK -> "#" + (entity.sequence + 1) + " links to this record";
            case BROKEN -> "BROKEN: #" + (entity.sequence + 1) + " does not link to this record";
            case MISSING -> "#" + (entity.sequence + 1) + " is missing from the database";
            case NOT_CHECKED -> "#" + (entity.sequence + 1) + " fails its own verification";
            case GENESIS -> "";
        };
        String state = !check.verified()
                        || check.back() == ProofChecks.Link.BROKEN
                        || check.forward() == ProofChecks.Link.BROKEN
                ? "bad"
                : check.chainIntact() ? "ok" : "warn";
        return new CheckView(
                check.verified(),
                check.chainIntact(),
                signature,
                back,
                forward,
                check.problem(),
                check.forwardProblem(),
                check.warnings(),
                state);
    }

    static String worst(List<ProcessorOutcomeV1> outcomes) {
        List<OutcomeStatus> order = List.of(
                OutcomeStatus.FAILED,
                OutcomeStatus.PENDING,
                OutcomeStatus.RETAINED,
                OutcomeStatus.RESTRICTED,
                OutcomeStatus.ANONYMISED,
                OutcomeStatus.LIFTED,
                OutcomeStatus.ERASED,
                OutcomeStatus.NOT_FOUND);
        return order.stream()
                .filter(s -> outcomes.stream().anyMatch(o -> o.status() == s))
                .findFirst()
                .map(Enum::name)
                .orElse("");
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String until(LocalDate date) {
        return date == null ? "no end date" : date.toString();
    }

    static String timeliness(Instant completed, Instant due) {
        if (completed == null || due == null) {
            return "";
        }
        long days = Math.abs(Duration.between(completed, due).toDays());
        if (!completed.isAfter(due)) {
            return days == 0
                    ? "on time, on the last day"
                    : "on time, " + days + " day" + (days == 1 ? "" : "s") + " before the deadline";
        }
        return "late: " + Math.max(days, 1) + " day" + (days == 1 ? "" : "s") + " after the deadline";
    }
}
