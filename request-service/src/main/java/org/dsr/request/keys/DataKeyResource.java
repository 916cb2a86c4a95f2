package org.dsr.request.keys;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.json.Json;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.reactive.InOrder;
import org.dsr.kit.security.Roles;
import org.dsr.request.security.Caller;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The internal endpoint the connector fetches a request's data key from. A key is released only to a processor the
 * request was routed to: the caller sends the orchestrator-signed command it received, and its token names the
 * processors it acts for ({@link KeyReleaseRule}). Every fetch, granted, refused or not, writes an audit row (who,
 * when, which key, for which processor and command, what they got and why not) in the same transaction as the read.
 */
@Path("/internal/v1/data-keys")
@Tag(name = "internal")
@SecurityRequirement(name = "bearer")
public class DataKeyResource {

    private static final Logger LOG = Logger.getLogger(DataKeyResource.class);

    static final int MAX_BATCH = 100;

    private final DataKeys dataKeys;
    private final DataKeyRepository keys;
    private final DataKeyAccessRepository audit;
    private final Caller caller;
    private final KeyReleaseRule rule;
    private final Clock clock;

    public DataKeyResource(
            DataKeys dataKeys,
            DataKeyRepository keys,
            DataKeyAccessRepository audit,
            Caller caller,
            KeyReleaseCheck check,
            Clock clock) {
        this.dataKeys = dataKeys;
        this.keys = keys;
        this.audit = audit;
        this.caller = caller;
        this.rule = check.rule();
        this.clock = clock;
    }

    /** @param key base64 of the 32-byte AES-256 data key */
    public record DataKeyResponse(String keyId, UUID requestId, String algorithm, String key) {}

    /** @param command the processor command, as the orchestrator signed it, whose subject is under this key */
    public record DataKeyRequest(
            @Schema(implementation = ProcessorCommandV1.class)
            JsonNode command) {}

    @POST
    @Path("{keyId}")
    @RolesAllowed(Roles.ADAPTER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "A request's data key, for the processor a signed command routes to it (role dsr-adapter, the"
                    + " processor named in the token's dsr_processors); every fetch is audited")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DataKeyResponse.class)))
    @APIResponse(
            responseCode = "400",
            description = "No command, or one that cannot be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The command is not signed by the orchestrator, is for another"
                    + " key or request, or names a processor the token does not",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "410",
            description = "The key was destroyed (the request was shredded)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DataKeyResponse> fetch(@PathParam("keyId") String keyId, DataKeyRequest body) {
        ProcessorCommandV1 command = command(body == null ? null : body.command());
        String who = caller.id();
        Optional<String> refused = rule.refusal(keyId, command, caller.processors());
        // The audit row commits whatever the answer: the transaction never fails, the answer is decided after it.
        return Panache.withTransaction(() -> lookup(keyId).flatMap(row -> decide(keyId, row, command, refused, who)))
                .map(fetch -> {
                    switch (fetch.result()) {
                        case GRANTED:
                            LOG.infof(
                                    "data key %s of request %s fetched by %s for %s",
                                    keyId, fetch.response().requestId(), who, command.processor());
                            return fetch.response();
                        case REFUSED:
                            LOG.warnf("data key %s refused to %s: %s", audited(keyId), who, fetch.reason());
                            throw refusedProblem(fetch.reason());
                        case DESTROYED:
                            throw new ProblemException(Problem.of(
                                    "data-key-destroyed",
                                    "Gone",
                                    410,
                                    "The data key was destroyed when its request was shredded",
                                    null));
                        default:
                            throw ProblemException.notFound("Data key");
                    }
                });
    }

    /** @param commands the signed commands of one batch, at most {@link #MAX_BATCH}, each with its own data key */
    public record DataKeysRequest(
            @Schema(
                    type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                    implementation = ProcessorCommandV1.class)
            List<JsonNode> commands) {}

    /** @param unavailable key id to DESTROYED (its request was shredded) or UNKNOWN */
    public record DataKeysResponse(List<DataKeyResponse> keys, Map<String, String> unavailable) {}

    @POST
    @RolesAllowed(Roles.ADAPTER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(
            summary = "The data keys of a batch of signed commands at once (role dsr-adapter); every key is checked"
                    + " and audited as a single fetch is, and one refused command refuses the batch")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DataKeysResponse.class)))
    @APIResponse(
            responseCode = "400",
            description =
                    "No commands, more than 100, one unreadable or without a data" + " key, or a key asked for twice",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "A command of the batch is refused: no key is released",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DataKeysResponse> fetchAll(DataKeysRequest body) {
        List<JsonNode> nodes = body == null || body.commands() == null ? List.of() : body.commands();
        if (nodes.isEmpty() || nodes.size() > MAX_BATCH || nodes.stream().anyMatch(n -> n == null || !n.isObject())) {
            throw invalidBatch();
        }
        List<ProcessorCommandV1> commands = new ArrayList<>();
        for (JsonNode node : nodes) {
            try {
                commands.add(Json.convert(node, ProcessorCommandV1.class));
            } catch (IllegalArgumentException e) {
                throw invalidBatch();
            }
        }
        List<String> ids = new ArrayList<>();
        for (ProcessorCommandV1 command : commands) {
            if (command.subject() == null
                    || command.subject().identifiers() == null
                    || command.subject().identifiers().keyId() == null) {
                throw invalidBatch();
            }
            ids.add(command.subject().identifiers().keyId());
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw invalidBatch();
        }
        String who = caller.id();
        Set<String> processors = caller.processors();
        List<Optional<String>> refusals = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            refusals.add(rule.refusal(ids.get(i), commands.get(i), processors));
        }
        List<String> wellFormed =
                ids.stream().filter(DataKeyResource::wellFormed).toList();
        return Panache.withTransaction(() -> keys.byKeyIds(wellFormed).flatMap(rows -> {
                    Map<String, DataKey> byId = new HashMap<>();
                    rows.forEach(row -> byId.put(row.keyId, row));
                    List<Optional<String>> reasons = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        DataKey row = byId.get(ids.get(i));
                        ProcessorCommandV1 command = commands.get(i);
                        reasons.add(refusals.get(i)
                                .or(() ->
                                        row == null ? Optional.empty() : rule.refusalForKeyOf(row.requestId, command)));
                    }
                    Optional<String> first =
                            reasons.stream().flatMap(Optional::stream).findFirst();
                    List<Integer> order = java.util.stream.IntStream.range(0, ids.size())
                            .boxed()
                            .toList();
                    // one refused command refuses the batch: every key of it is audited REFUSED, none released
                    return InOrder.map(
                            order,
                            i -> decide(
                                    ids.get(i),
                                    byId.get(ids.get(i)),
                                    commands.get(i),
                                    first.isEmpty()
                                            ? Optional.empty()
                                            : Optional.of(
                                                    reasons.get(i).orElse("another command of the batch was refused")),
                                    who));
                }))
                .map(fetched -> {
                    List<DataKeyResponse> keys = new ArrayList<>();
                    Map<String, String> unavailable = new LinkedHashMap<>();
                    long refused = fetched.stream()
                            .filter(f -> f.result() == Result.REFUSED)
                            .count();
                    if (refused > 0) {
                        String reason = fetched.stream()
                                .filter(f -> f.result() == Result.REFUSED)
                                .map(Fetch::reason)
                                .filter(r -> !r.startsWith("another command"))
                                .findFirst()
                                .orElse("refused");
                        LOG.warnf("a batch of %d data keys refused to %s: %s", fetched.size(), who, reason);
                        throw refusedProblem(reason);
                    }
                    for (int i = 0; i < fetched.size(); i++) {
                        Fetch fetch = fetched.get(i);
                        if (fetch.result() == Result.GRANTED) {
                            keys.add(fetch.response());
                        } else {
                            unavailable.put(ids.get(i), fetch.result().name());
                        }
                    }
                    LOG.infof(
                            "%d data keys fetched by %s in one batch (%d unavailable)",
                            keys.size(), who, unavailable.size());
                    return new DataKeysResponse(keys, unavailable);
                });
    }

    private static ProblemException invalidBatch() {
        return new ProblemException(Problem.of(
                "invalid-data-key-batch",
                "Bad Request",
                400,
                "commands must hold 1 to " + MAX_BATCH + " signed commands, each with its own data key",
                null));
    }

    private static ProblemException refusedProblem(String reason) {
        return new ProblemException(Problem.of(
                "data-key-refused",
                "Forbidden",
                403,
                "The data key is released only to the processor a request was routed to: " + reason,
                null));
    }

    /** The command of a request body, or a 400 problem: without one no key can be asked for. */
    private static ProcessorCommandV1 command(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ProblemException(Problem.of(
                    "invalid-data-key-request",
                    "Bad Request",
                    400,
                    "A data key is asked for with the orchestrator-signed command that routes the caller to it",
                    null));
        }
        try {
            return Json.convert(node, ProcessorCommandV1.class);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(
                    "invalid-data-key-request",
                    "Bad Request",
                    400,
                    "The command cannot be read as a processor command",
                    null));
        }
    }

    enum Result {
        GRANTED,
        DESTROYED,
        UNKNOWN,
        REFUSED
    }

    private static boolean wellFormed(String keyId) {
        return keyId != null && keyId.matches("dk-[0-9a-f\\-]{36}");
    }

    private static String audited(String keyId) {
        return wellFormed(keyId) ? keyId : "(malformed key id)";
    }

    private Uni<DataKey> lookup(String keyId) {
        return wellFormed(keyId) ? keys.findById(keyId) : Uni.createFrom().<DataKey>nullItem();
    }

    /**
     * What the caller gets for a key read (row null: no such key), with its audit row, in the caller's transaction: a
     * refusal before anything else, so a refused caller learns nothing of the key, not even whether it exists.
     */
    private Uni<Fetch> decide(
            String keyId, DataKey row, ProcessorCommandV1 command, Optional<String> refusedBefore, String who) {
        Optional<String> refused =
                refusedBefore.or(() -> row == null ? Optional.empty() : rule.refusalForKeyOf(row.requestId, command));
        Result result = refused.isPresent()
                ? Result.REFUSED
                : row == null ? Result.UNKNOWN : row.wrappedKey == null ? Result.DESTROYED : Result.GRANTED;
        DataKeyResponse response = null;
        if (result == Result.GRANTED) {
            byte[] raw = dataKeys.unwrap(row);
            response = new DataKeyResponse(
                    keyId,
                    row.requestId,
                    IdentifierCipher.ALGORITHM,
                    Base64.getEncoder().encodeToString(raw));
            Arrays.fill(raw, (byte) 0);
        }
        DataKeyAccess access = new DataKeyAccess();
        access.keyId = audited(keyId);
        access.requestId = row == null ? null : row.requestId;
        access.accessedBy = who;
        access.accessedAt = clock.instant();
        access.result = result.name();
        access.reason = refused.orElse(null);
        access.processor = DataKeyAccess.processorName(command.processor());
        access.commandId = command.commandId();
        return audit.persist(access).replaceWith(new Fetch(result, response, refused.orElse(null)));
    }

    private record Fetch(Result result, DataKeyResponse response, String reason) {}
}
