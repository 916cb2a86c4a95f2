package org.dsr.request.keys;

import java.security.PublicKey;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.ProcessorCommandV1;

/**
 * Whether a data key may be released to a caller: only to a processor the request was routed to. The caller proves
 * the routing with the command the orchestrator sent it, and its token names the processors it acts for (claim
 * {@value #PROCESSORS_CLAIM}). A key is released when the command's signature verifies with the orchestrator's pinned
 * key, the command's subject is encrypted under the key asked for (and so, once the key is read, belongs to the key's
 * request), and the token names the command's processor. Reasons never quote the caller's input.
 */
public final class KeyReleaseRule {

    /** The token claim listing the processors an adapter or connector acts for (an array of processor names). */
    public static final String PROCESSORS_CLAIM = "dsr_processors";

    private final PublicKey orchestrator;

    public KeyReleaseRule(PublicKey orchestrator) {
        this.orchestrator = orchestrator;
    }

    /** Why the key is refused before it is read; empty when the command and token allow it. */
    public Optional<String> refusal(String keyId, ProcessorCommandV1 command, Set<String> tokenProcessors) {
        if (command.subject() == null
                || command.subject().identifiers() == null
                || !keyId.equals(command.subject().identifiers().keyId())) {
            return Optional.of("the command is not for this data key");
        }
        if (command.processor() == null || !tokenProcessors.contains(command.processor())) {
            return Optional.of("the token does not name the command's processor (claim " + PROCESSORS_CLAIM + ")");
        }
        if (command.signature() == null) {
            return Optional.of("the command is not signed");
        }
        if (!SignedJson.verifyFast(command, command.signature(), orchestrator)) {
            return Optional.of("the command's signature does not verify with the orchestrator's pinned key");
        }
        return Optional.empty();
    }

    /** Why the key is refused once read: the key belongs to another request than the command's. */
    public Optional<String> refusalForKeyOf(UUID keyRequestId, ProcessorCommandV1 command) {
        return keyRequestId == null || keyRequestId.equals(command.requestId())
                ? Optional.empty()
                : Optional.of("the command is for another request than the data key");
    }
}
