package org.dsr.adapter.kit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.crypto.SecretKey;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.subject.Identifier;
import org.dsr.kit.inbox.PoisonMessageException;

/**
 * Reads a processor command off its event and opens its identifiers, for the connector (built with
 * {@code adapter-kit.command-path=connector}; a processor's own system has no such bean): what is poison
 * (unreadable, addressed elsewhere, a key destroyed) is decided here.
 */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "connector")
@ApplicationScoped
public class CommandDecryption {

    private final DataKeyClient dataKeys;

    public CommandDecryption(DataKeyClient dataKeys) {
        this.dataKeys = dataKeys;
    }

    /**
     * The command, checked for its required fields and addressed to a processor {@code ours} accepts; anything else is
     * {@link PoisonMessageException}.
     */
    public static ProcessorCommandV1 read(EventEnvelope event, Predicate<String> ours) {
        ProcessorCommandV1 command;
        try {
            command = event.dataAs(ProcessorCommandV1.class);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("invalid processor command payload");
        }
        if (command.commandId() == null
                || command.requestId() == null
                || command.subject() == null
                || command.subject().pseudonym() == null
                || command.categories() == null
                || command.categories().isEmpty()
                || command.categories().stream()
                        .anyMatch(c -> c == null || c.category() == null || c.action() == null)) {
            throw new PoisonMessageException("processor command lacks a required field");
        }
        if (command.processor() == null || !ours.test(command.processor())) {
            throw new PoisonMessageException("processor command addressed to another processor");
        }
        return command;
    }

    /** A deferred erasure names retention handles, not the person: its identifiers are shredded by then. */
    public static boolean needsIdentifiers(ProcessorCommandV1 command) {
        return needsIdentifiers(command.categories());
    }

    private static boolean needsIdentifiers(List<CategoryCommand> categories) {
        return categories.stream().anyMatch(c -> c.action() != Action.DEFERRED_ERASE);
    }

    /**
     * The data keys of several commands in one call to request-service (each fetch still audited there), each asked
     * for with its signed command: request-service releases a key only to the processor a command routes it to.
     */
    public Uni<Map<String, SecretKey>> prefetch(List<ProcessorCommandV1> commands) {
        Map<String, ProcessorCommandV1> byKeyId = new LinkedHashMap<>();
        for (ProcessorCommandV1 command : commands) {
            var encrypted = command.subject().identifiers();
            if (needsIdentifiers(command.categories())
                    && encrypted != null
                    && DataKeyClient.isDataKey(encrypted.keyId())) {
                byKeyId.putIfAbsent(encrypted.keyId(), command);
            }
        }
        return byKeyId.size() < 2
                ? Uni.createFrom().item(Map.of())
                : onCallersContext(dataKeys.fetchAll(List.copyOf(byKeyId.values())));
    }

    /**
     * The command's identifiers, or none when the categories acted on need none (deferred erasures).
     *
     * @param command the command as signed (its signature goes with a data key request)
     * @param acting the categories of it that are acted on now
     */
    public Uni<List<Identifier>> identifiers(
            ProcessorCommandV1 command, List<CategoryCommand> acting, Map<String, SecretKey> prefetched) {
        return needsIdentifiers(acting)
                ? decrypt(command, prefetched)
                : Uni.createFrom().item(List.of());
    }

    /**
     * Per-request data keys ({@code dk-...}) are fetched from request-service for this command only, with the signed
     * command as the proof that this processor was routed to the request (audited there, never cached); any other key
     * id is poison (the connector holds no other key). A destroyed or unknown key, or a ciphertext that does not open,
     * is poison; request-service being unreachable is not (the consumer retries with backoff). The fetch is asynchronous
     * and resumes on the caller's Vert.x context, where the reactive session lives.
     */
    private Uni<List<Identifier>> decrypt(ProcessorCommandV1 command, Map<String, SecretKey> prefetched) {
        var encrypted = command.subject().identifiers();
        if (encrypted == null) {
            return Uni.createFrom()
                    .failure(new PoisonMessageException("processor command carries no encrypted identifiers"));
        }
        String requestId = command.requestId().toString();
        if (!DataKeyClient.isDataKey(encrypted.keyId())) {
            return Uni.createFrom()
                    .failure(new PoisonMessageException("subject identifiers are not encrypted under a data key"));
        }
        SecretKey known = prefetched.get(encrypted.keyId());
        Uni<SecretKey> key = known != null
                ? Uni.createFrom().item(known)
                : onCallersContext(dataKeys.fetch(command)
                        .onFailure(DataKeyClient.KeyDestroyedException.class)
                        .transform(e -> new PoisonMessageException(
                                "subject identifiers cannot be decrypted: " + e.getMessage())));
        return key.map(dataKey -> {
            try {
                return IdentifierCipher.decrypt(encrypted, dataKey, requestId);
            } catch (RuntimeException e) {
                throw new PoisonMessageException("subject identifiers cannot be decrypted");
            }
        });
    }

    /**
     * Resumes on the caller's Vert.x context: an HTTP client or another database's pool answers on its own thread,
     * and the reactive session of the consumer's transaction lives on the caller's context.
     */
    public static <T> Uni<T> onCallersContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
