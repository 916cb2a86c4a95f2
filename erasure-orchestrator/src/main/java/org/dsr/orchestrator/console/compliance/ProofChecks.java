package org.dsr.orchestrator.console.compliance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.proof.ProofReport;
import org.dsr.contracts.proof.ProofReport.Check;
import org.dsr.contracts.proof.ProofVerifier;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.orchestrator.proof.CompletionRecordEntity;
import org.dsr.orchestrator.proof.ProcessorSignatures;
import org.dsr.orchestrator.proof.SigningKeys;

/**
 * Checks records on the server with the same {@link ProofVerifier} the offline CLI runs, over the stored bytes:
 * the orchestrator's own public key plus the processors' keys pinned in its configuration
 * ({@code dsr.trust.keys.<processor>}, {@link ProcessorSignatures}), so their signatures on the embedded outcomes are
 * checked too. Nothing is read from the keys directory: a {@code *.pub} dropped or swapped there is not trusted.
 */
@ApplicationScoped
public class ProofChecks {

    private final VerificationKeys keys;

    public ProofChecks(SigningKeys signingKeys, ProcessorSignatures processors) {
        VerificationKeys.Builder builder = VerificationKeys.builder().add("orchestrator", signingKeys.publicKey());
        for (String keyId : processors.keys().keyIds()) {
            VerificationKeys.Key key = processors.keys().find(keyId).orElseThrow();
            builder.add(key.owner(), key.publicKey());
        }
        this.keys = builder.build();
    }

    /** How a record links to its neighbour in the chain. */
    public enum Link {
        /** the link was checked and holds */
        OK,
        /** the record is #1 and links to 64 zeros */
        GENESIS,
        /** there is no record after this one: the chain's newest */
        NEWEST,
        /** the hash does not match */
        BROKEN,
        /** the neighbour is not in the database */
        MISSING,
        /** the neighbour fails its own verification, so the link was not judged */
        NOT_CHECKED
    }

    /**
     * The server's verdict on one record.
     *
     * @param problem the first failure of the record itself (signature, bytes, content, back link), null when it
     *        verifies
     * @param forwardProblem why the next record fails, when it does (its own problem, not this record's)
     */
    public record RecordCheck(
            boolean verified,
            String keyId,
            Link back,
            Link forward,
            String problem,
            String forwardProblem,
            List<String> warnings,
            String recordHash) {

        public boolean chainIntact() {
            return (back == Link.OK || back == Link.GENESIS) && (forward == Link.OK || forward == Link.NEWEST);
        }
    }

    public VerificationKeys keys() {
        return keys;
    }

    public ProofReport verify(String export) {
        return new ProofVerifier(keys()).verify(export);
    }

    /** Verifies a record with its predecessor (the back link) and its successor (the forward link). */
    public RecordCheck check(
            CompletionRecordEntity record,
            Optional<CompletionRecordEntity> previous,
            Optional<CompletionRecordEntity> next) {
        ProofVerifier verifier = new ProofVerifier(keys());
        String hash = sha256(record.payload);
        Link back;
        ProofReport own;
        if (record.sequence == 1) {
            own = verifier.verify(array(record.payload));
            back = Link.GENESIS;
        } else if (previous.isPresent()) {
            ProofReport pair = verifier.verify(array(previous.get().payload, record.payload));
            if (pair.problem().isPresent() && pair.problem().get().position() == 1) {
                own = verifier.verify(array(record.payload));
                back = sha256(previous.get().payload).equals(record.previousHash) ? Link.NOT_CHECKED : Link.BROKEN;
            } else {
                own = pair;
                back = pair.problem().filter(p -> p.check() == Check.CHAIN).isPresent() ? Link.BROKEN : Link.OK;
            }
        } else {
            own = verifier.verify(array(record.payload));
            back = Link.MISSING;
        }
        String problem =
                own.problem().map(p -> describe(p.check()) + ": " + p.message()).orElse(null);
        boolean verified = own.ok() && back != Link.BROKEN;
        String keyId = own.verified().stream()
                .filter(v -> v.sequence() == record.sequence)
                .findFirst()
                .map(ProofReport.VerifiedRecord::keyId)
                .orElse(null);
        List<String> warnings = new ArrayList<>();
        own.warnings().stream().filter(w -> w.sequence() == record.sequence).forEach(w -> warnings.add(w.message()));

        Link forward;
        String forwardProblem = null;
        if (next.isEmpty()) {
            forward = Link.NEWEST;
        } else {
            ProofReport pair = verifier.verify(array(record.payload, next.get().payload));
            if (pair.ok()) {
                forward = Link.OK;
            } else if (pair.problem().get().position() == 2) {
                forward = pair.problem().get().check() == Check.CHAIN ? Link.BROKEN : Link.NOT_CHECKED;
                forwardProblem = describe(pair.problem().get().check()) + ": "
                        + pair.problem().get().message();
                if (forward == Link.NOT_CHECKED && hash.equals(next.get().previousHash)) {
                    forward = Link.OK;
                }
            } else {
                forward = hash.equals(next.get().previousHash) ? Link.OK : Link.BROKEN;
            }
        }
        return new RecordCheck(verified, keyId, back, forward, problem, forwardProblem, List.copyOf(warnings), hash);
    }

    static String sha256(String payload) {
        return Hashes.sha256Hex(payload.getBytes(StandardCharsets.UTF_8));
    }

    static String array(String... payloads) {
        return "[" + String.join(",", payloads) + "]";
    }

    static String describe(Check check) {
        return check.description();
    }
}
