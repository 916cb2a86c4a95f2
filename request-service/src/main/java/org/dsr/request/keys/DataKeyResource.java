package org.dsr.request.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.crypto.IdentifierCipher;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.reactive.InOrder;
import org.dsr.request.security.Caller;
import org.dsr.kit.security.Roles;

/**
 * The internal endpoint adapters fetch a request's data key from. Every fetch, granted or not, writes an audit row
 * (who, when, which key, what they got) in the same transaction as the read.
 */
@Path("/internal/v1/data-keys")
@Tag(name = "internal")
@SecurityRequirement(name = "bearer")
public class DataKeyResource {

    private static final Logger LOG = Logger.getLogger(DataKeyResource.class);

    private final DataKeys dataKeys;
    private final Caller caller;

    public DataKeyResource(DataKeys dataKeys, Caller caller) {
        this.dataKeys = dataKeys;
        this.caller = caller;
    }

    /** @param key base64 of the 32-byte AES-256 data key */
    public record DataKeyResponse(String keyId, UUID requestId, String algorithm, String key) {
    }

    @GET
    @Path("{keyId}")
    @RolesAllowed(Roles.ADAPTER)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "A request's data key, for processor adapters (role dsr-adapter); every fetch is audited")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DataKeyResponse.class)))
    @APIResponse(responseCode = "404", description = "No such key",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "410", description = "The key was destroyed (the request was shredded)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DataKeyResponse> fetch(@PathParam("keyId") String keyId) {
        String who = caller.id();
        // The audit row commits whatever the answer: the transaction never fails, the answer is decided after it.
        return Panache.withTransaction(() -> lookup(keyId, who)).map(fetch -> {
            switch (fetch.result()) {
                case GRANTED:
                    LOG.infof("data key %s of request %s fetched by %s", keyId, fetch.response().requestId(), who);
                    return fetch.response();
                case DESTROYED:
                    throw new ProblemException(Problem.of("data-key-destroyed", "Gone", 410,
                            "The data key was destroyed when its request was shredded", null));
                default:
                    throw ProblemException.notFound("Data key");
            }
        });
    }

    /** @param keyIds the data keys of one batch of commands, at most {@link #MAX_BATCH}, each once */
    public record DataKeysRequest(List<String> keyIds) {
    }

    /** @param unavailable key id to DESTROYED (its request was shredded) or UNKNOWN */
    public record DataKeysResponse(List<DataKeyResponse> keys, Map<String, String> unavailable) {
    }

    static final int MAX_BATCH = 500;

    @POST
    @RolesAllowed(Roles.ADAPTER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(summary = "Several requests' data keys at once, for an adapter's batch of commands (role dsr-adapter);"
            + " every key is audited as a single fetch is")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DataKeysResponse.class)))
    @APIResponse(responseCode = "400", description = "No key ids, more than 500, or a repeated one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DataKeysResponse> fetchAll(DataKeysRequest body) {
        List<String> ids = body == null || body.keyIds() == null ? List.of() : body.keyIds();
        if (ids.isEmpty() || ids.size() > MAX_BATCH || ids.contains(null) || Set.copyOf(ids).size() != ids.size()) {
            throw new ProblemException(Problem.of("invalid-data-key-batch", "Bad Request", 400,
                    "keyIds must name 1 to " + MAX_BATCH + " data keys, each once", null));
        }
        String who = caller.id();
        List<String> wellFormed = ids.stream().filter(DataKeyResource::wellFormed).toList();
        return Panache.withTransaction(() -> (wellFormed.isEmpty() ? Uni.createFrom().item(List.<DataKey> of())
                : DataKey.<DataKey> list("keyId in ?1", wellFormed)).flatMap(rows -> {
                    Map<String, DataKey> byId = new HashMap<>();
                    rows.forEach(row -> byId.put(row.keyId, row));
                    return InOrder.map(ids, keyId -> decide(keyId, byId.get(keyId), who));
                })).map(fetched -> {
            List<DataKeyResponse> keys = new ArrayList<>();
            Map<String, String> unavailable = new LinkedHashMap<>();
            for (int i = 0; i < fetched.size(); i++) {
                Fetch fetch = fetched.get(i);
                if (fetch.result() == Result.GRANTED) {
                    keys.add(fetch.response());
                } else {
                    unavailable.put(ids.get(i), fetch.result().name());
                }
            }
            LOG.infof("%d data keys fetched by %s in one batch (%d unavailable)", keys.size(), who,
                    unavailable.size());
            return new DataKeysResponse(keys, unavailable);
        });
    }

    private enum Result {
        GRANTED, DESTROYED, UNKNOWN
    }

    private static boolean wellFormed(String keyId) {
        return keyId != null && keyId.matches("dk-[0-9a-f\\-]{36}");
    }

    /** Reads one key and writes its audit row, in the caller's transaction. */
    private Uni<Fetch> lookup(String keyId, String who) {
        return (wellFormed(keyId) ? DataKey.<DataKey> findById(keyId) : Uni.createFrom().<DataKey> nullItem())
                .flatMap(row -> decide(keyId, row, who));
    }

    /** What the caller gets for a key read (null: no such key), with its audit row, in the caller's transaction. */
    private Uni<Fetch> decide(String keyId, DataKey row, String who) {
        Result result = row == null ? Result.UNKNOWN : row.wrappedKey == null ? Result.DESTROYED : Result.GRANTED;
        DataKeyResponse response = null;
        if (result == Result.GRANTED) {
            byte[] raw = dataKeys.unwrap(row);
            response = new DataKeyResponse(keyId, row.requestId, IdentifierCipher.ALGORITHM,
                    Base64.getEncoder().encodeToString(raw));
            Arrays.fill(raw, (byte) 0);
        }
        String audited = wellFormed(keyId) ? keyId : "(malformed key id)";
        return audit(audited, row == null ? null : row.requestId, who, result.name())
                .replaceWith(new Fetch(result, response));
    }

    private record Fetch(Result result, DataKeyResponse response) {
    }

    /** In the caller's transaction. */
    private static Uni<Void> audit(String keyId, UUID requestId, String who, String result) {
        DataKeyAccess access = new DataKeyAccess();
        access.keyId = keyId;
        access.requestId = requestId;
        access.accessedBy = who;
        access.accessedAt = Instant.now();
        access.result = result;
        return access.persist().replaceWithVoid();
    }
}
