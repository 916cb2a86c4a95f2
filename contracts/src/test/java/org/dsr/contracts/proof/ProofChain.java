package org.dsr.contracts.proof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CompletionRecordV1;
import org.dsr.contracts.event.CompletionRecordV1.ProcessorResult;
import org.dsr.contracts.event.CompletionRecordV1.RetainedCategory;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.json.CanonicalJson;

/** Builds a completion-record chain the way the orchestrator's CompletionRecordService does. */
final class ProofChain {

    final KeyPair orchestrator = Signatures.generate();
    final String orchestratorKeyId = VerificationKeys.keyId("orchestrator", orchestrator.getPublic());
    final KeyPair payments = Signatures.generate();
    final String paymentsKeyId = VerificationKeys.keyId("payments", payments.getPublic());
    final KeyPair crm = Signatures.generate();
    final KeyPair emailDelivery = Signatures.generate();
    /** Whether crm and email-delivery sign their outcomes too (payments always does). */
    boolean everyProcessorSigns;

    final List<CompletionRecordV1> records = new ArrayList<>();
    final List<String> canonical = new ArrayList<>();

    /** A chain of {@code count} records from #1; every third keeps payments/invoices, signed by payments. */
    static ProofChain of(int count) {
        return of(count, false);
    }

    /** As {@link #of(int)}; with {@code everyProcessorSigns}, crm's and email-delivery's outcomes are signed too. */
    static ProofChain of(int count, boolean everyProcessorSigns) {
        ProofChain chain = new ProofChain();
        chain.everyProcessorSigns = everyProcessorSigns;
        for (int i = 1; i <= count; i++) {
            chain.append(i % 3 == 0);
        }
        return chain;
    }

    CompletionRecordV1 append(boolean withRetention) {
        return append(withRetention, orchestratorKeyId, orchestrator);
    }

    CompletionRecordV1 append(boolean withRetention, String keyId, KeyPair key) {
        long sequence = records.size() + 1;
        String previous = records.isEmpty()
                ? CompletionRecordV1.GENESIS_HASH
                : SignedJson.chainHash(records.get(records.size() - 1));
        UUID requestId = UUID.randomUUID();
        Instant received = Instant.parse("2026-01-05T09:00:00Z").plusSeconds(3600 * sequence);
        Instant done = received.plusSeconds(600);
        ProcessorOutcomeV1 crm = outcome(
                requestId,
                "crm",
                "profile",
                Action.ERASE,
                OutcomeStatus.ERASED,
                new Evidence(3, 0, "select count(*) by subject after delete"),
                null,
                done);
        ProcessorOutcomeV1 email = outcome(
                requestId,
                "email-delivery",
                "newsletter",
                Action.ERASE,
                OutcomeStatus.NOT_FOUND,
                new Evidence(0, 0, "lookup by subject"),
                null,
                done);
        ProcessorOutcomeV1 invoices = withRetention
                ? outcome(
                        requestId,
                        "payments",
                        "invoices",
                        Action.RETAIN,
                        OutcomeStatus.RETAINED,
                        new Evidence(0, 2, "invoice rows kept"),
                        new Retention(
                                "SE Bokföringslagen 7 kap. 2 §",
                                LocalDate.parse("2033-12-31"),
                                List.of("inv-1", "inv-2")),
                        done)
                : outcome(
                        requestId,
                        "payments",
                        "invoices",
                        Action.ERASE,
                        OutcomeStatus.ERASED,
                        new Evidence(1, 0, "select after delete"),
                        null,
                        done);
        invoices = invoices.withSignature(SignedJson.sign(invoices, paymentsKeyId, payments.getPrivate()));
        if (everyProcessorSigns) {
            crm = crm.withSignature(
                    SignedJson.sign(crm, VerificationKeys.keyId("crm", this.crm.getPublic()), this.crm.getPrivate()));
            email = email.withSignature(SignedJson.sign(
                    email,
                    VerificationKeys.keyId("email-delivery", emailDelivery.getPublic()),
                    emailDelivery.getPrivate()));
        }
        List<RetainedCategory> retained = withRetention
                ? List.of(new RetainedCategory(
                        "payments",
                        "invoices",
                        invoices.retention().legalBasis(),
                        invoices.retention().retainUntil()))
                : List.of();
        CompletionRecordV1 record = new CompletionRecordV1(
                UUID.randomUUID(),
                sequence,
                1,
                requestId,
                RequestType.ERASURE,
                Jurisdiction.SE,
                "ab".repeat(32),
                received,
                received.plusSeconds(86400 * 30),
                done.plusSeconds(5),
                withRetention ? "COMPLETED_WITH_RETENTION" : "COMPLETED",
                List.of(
                        new ProcessorResult("crm", List.of(crm)),
                        new ProcessorResult("email-delivery", List.of(email)),
                        new ProcessorResult("payments", List.of(invoices))),
                retained,
                previous,
                null);
        record = record.withSignature(SignedJson.sign(record, keyId, key.getPrivate()));
        records.add(record);
        canonical.add(CanonicalJson.canonicalize(record));
        return record;
    }

    /** Adds a record that is not built by {@link #append}: signed and linked like the others. */
    CompletionRecordV1 appendRaw(CompletionRecordV1 unsigned) {
        String previous = records.isEmpty()
                ? CompletionRecordV1.GENESIS_HASH
                : SignedJson.chainHash(records.get(records.size() - 1));
        CompletionRecordV1 linked = new CompletionRecordV1(
                unsigned.recordId(),
                records.size() + 1,
                unsigned.version(),
                unsigned.requestId(),
                unsigned.requestType(),
                unsigned.jurisdiction(),
                unsigned.subjectPseudonym(),
                unsigned.receivedAt(),
                unsigned.dueAt(),
                unsigned.completedAt(),
                unsigned.status(),
                unsigned.processors(),
                unsigned.retained(),
                previous,
                null);
        linked = linked.withSignature(SignedJson.sign(linked, orchestratorKeyId, orchestrator.getPrivate()));
        records.add(linked);
        canonical.add(CanonicalJson.canonicalize(linked));
        return linked;
    }

    static ProcessorOutcomeV1 outcome(
            UUID requestId,
            String processor,
            String category,
            Action action,
            OutcomeStatus status,
            Evidence evidence,
            Retention retention,
            Instant at) {
        return new ProcessorOutcomeV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                requestId,
                processor,
                category,
                action,
                status,
                evidence,
                retention,
                null,
                null,
                at,
                null);
    }

    /** The export as GET /api/v1/completions returns it. */
    String export() {
        return export(canonical);
    }

    static String export(List<String> records) {
        return "[" + String.join(",", records) + "]";
    }

    VerificationKeys keys() {
        return VerificationKeys.builder()
                .add("orchestrator", orchestrator.getPublic())
                .build();
    }

    /** Writes orchestrator.pub (and payments.pub when asked) into dir. */
    Path writeKeys(Path dir, boolean withPayments) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("orchestrator.pub"), Signatures.encode(orchestrator.getPublic()) + "\n");
        if (withPayments) {
            Files.writeString(dir.resolve("payments.pub"), Signatures.encode(payments.getPublic()) + "\n");
        }
        return dir;
    }

    /** Writes every key (orchestrator, crm, email-delivery, payments) into dir as {@code <owner>.pub}. */
    Path writeAllKeys(Path dir) throws IOException {
        writeKeys(dir, true);
        Files.writeString(dir.resolve("crm.pub"), Signatures.encode(crm.getPublic()) + "\n");
        Files.writeString(dir.resolve("email-delivery.pub"), Signatures.encode(emailDelivery.getPublic()) + "\n");
        return dir;
    }

    static Path write(Path file, String export) throws IOException {
        Files.writeString(file, export, StandardCharsets.UTF_8);
        return file;
    }
}
