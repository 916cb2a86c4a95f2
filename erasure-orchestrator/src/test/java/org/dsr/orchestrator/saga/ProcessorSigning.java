package org.dsr.orchestrator.saga;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.proof.VerificationKeys;
import org.dsr.orchestrator.testing.PolicyInfrastructure;
import org.dsr.testsupport.TestSigningKeys;

/**
 * Signs an outcome as its processor's adapter would: with the processor's test-only key pair
 * ({@link TestSigningKeys}), whose public key the test configuration pins ({@link PolicyInfrastructure}).
 */
public final class ProcessorSigning {

    private static volatile Path published;

    private ProcessorSigning() {}

    public static ProcessorOutcomeV1 signed(ProcessorOutcomeV1 outcome) {
        if (outcome.signature() != null) {
            return outcome;
        }
        TestSigningKeys.Pair signer = TestSigningKeys.of(outcome.processor());
        return outcome.withSignature(SignedJson.sign(outcome, signer.keyId(), signer.privateKey()));
    }

    /** Signs an outcome given as JSON again, e.g. after a test added a field a newer adapter would send. */
    public static ObjectNode signedAgain(ObjectNode outcome, String processor) {
        outcome.remove(SignedJson.SIGNATURE_FIELD);
        TestSigningKeys.Pair signer = TestSigningKeys.of(processor);
        outcome.set(
                SignedJson.SIGNATURE_FIELD, Json.tree(SignedJson.sign(outcome, signer.keyId(), signer.privateKey())));
        return outcome;
    }

    /**
     * A directory of the public keys a reviewer verifies records with: the orchestrator's and every test processor's
     * {@code <owner>.pub}, as the local stack publishes them for the offline verifier.
     */
    public static synchronized Path publishedKeys() {
        if (published == null) {
            try {
                Path dir = Files.createTempDirectory("dsr-published-keys");
                TestSigningKeys.of("orchestrator").writePublicTo(dir);
                for (String processor : PolicyInfrastructure.processorsOf(PolicyInfrastructure.TEST_POLICY)) {
                    TestSigningKeys.of(processor).writePublicTo(dir);
                }
                published = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return published;
    }

    public static VerificationKeys verificationKeys() {
        return VerificationKeys.fromDirectory(publishedKeys());
    }

    /**
     * The offline verifier's command line for an export: every published key pinned to its owner
     * ({@code --key <owner>=<file>}), as an auditor names them.
     */
    public static String[] verifyArguments(Path export) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("verify", export.toString()));
        java.util.List<String> owners = new java.util.ArrayList<>(java.util.List.of("orchestrator"));
        owners.addAll(PolicyInfrastructure.processorsOf(PolicyInfrastructure.TEST_POLICY));
        for (String owner : owners) {
            args.add("--key");
            args.add(owner + "=" + publishedKeys().resolve(owner + VerificationKeys.SUFFIX));
        }
        return args.toArray(String[]::new);
    }
}
