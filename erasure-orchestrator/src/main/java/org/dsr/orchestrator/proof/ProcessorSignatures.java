package org.dsr.orchestrator.proof;

import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.ReceivedOutcome;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.OutcomeSignatureCheck;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.inbox.PoisonMessageException;
import org.jboss.logging.Logger;

/**
 * Every outcome is checked on receipt with the check the offline verifier runs ({@link OutcomeSignatureCheck}): signed,
 * with a key of the processor that answers, over the bytes as they travelled. An outcome that fails is poison (dead
 * letter with the reason; the step's timeout re-dispatches the command and, once its attempts are spent, the saga
 * needs attention), so no completion record embeds an outcome its verification would reject later. Keys are every
 * {@code *.pub} of the keys directory, as the console reads them; they are read again when an outcome names a key id
 * not loaded yet and its {@code <owner>.pub} holds it (an adapter that started later, a rotated key), and otherwise
 * at most once a second.
 */
@ApplicationScoped
public class ProcessorSignatures {

    private static final Logger LOG = Logger.getLogger(ProcessorSignatures.class);
    private static final long RELOAD_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Pattern OWNER = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final DsrConfig config;
    private volatile VerificationKeys keys;
    private volatile long loadedAt;

    public ProcessorSignatures(DsrConfig config) {
        this.config = config;
        reload();
    }

    /** @throws PoisonMessageException naming the outcome, the processor and the key, never the outcome's content */
    public void requireSignedByProcessor(ReceivedOutcome received) {
        JsonNode node = received.json();
        if (node == null) {
            try {
                node = Json.MAPPER.readTree(received.raw());
            } catch (Exception e) {
                throw new PoisonMessageException("outcome " + received.outcome().outcomeId()
                        + " is not a JSON object");
            }
        }
        if (!(node instanceof ObjectNode outcome)) {
            throw new PoisonMessageException("outcome " + received.outcome().outcomeId() + " is not a JSON object");
        }
        String processor = received.outcome().processor();
        OutcomeSignatureCheck.Result result = OutcomeSignatureCheck.check(outcome, processor, this::find,
                Signatures::verifyFast);
        if (!result.verified()) {
            // processor names and key ids come from the message: only a plain, short form goes into the reason
            throw new PoisonMessageException("outcome " + received.outcome().outcomeId() + " of "
                    + printable(processor) + ": " + printable(result.problem(processor)));
        }
    }

    static String printable(String text) {
        String plain = text.replaceAll("[^A-Za-z0-9 .,:'/_-]", "?");
        return plain.length() <= 200 ? plain : plain.substring(0, 200) + "...";
    }

    private Optional<VerificationKeys.Key> find(String keyId) {
        Optional<VerificationKeys.Key> key = keys.find(keyId);
        if (key.isEmpty() && keyId != null
                && (namedFileHolds(keyId) || System.nanoTime() - loadedAt > RELOAD_INTERVAL_NANOS)) {
            reload();
            key = keys.find(keyId);
        }
        return key;
    }

    /**
     * Whether {@code <owner>.pub}, the file a key id {@code <owner>-<12 hex>} names, holds that key now: a new adapter's
     * key, or a rotated one, is then taken for the very outcome that first names it. One small file read; the owner
     * comes from the message, so only a plain name is looked up.
     */
    private boolean namedFileHolds(String keyId) {
        int dash = keyId.lastIndexOf('-');
        String owner = dash > 0 ? keyId.substring(0, dash) : "";
        if (!OWNER.matcher(owner).matches()) {
            return false;
        }
        try {
            return VerificationKeys.builder().file(config.keysDir().resolve(owner + VerificationKeys.SUFFIX)).build()
                    .find(keyId).isPresent();
        } catch (RuntimeException missingOrNotAKey) {
            return false;
        }
    }

    private synchronized void reload() {
        keys = load();
        loadedAt = System.nanoTime();
    }

    private VerificationKeys load() {
        try {
            return VerificationKeys.fromDirectory(config.keysDir());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            LOG.warnf("processors' public keys not readable in the keys directory: %s", e.getClass().getSimpleName());
            return VerificationKeys.builder().build();
        }
    }
}
