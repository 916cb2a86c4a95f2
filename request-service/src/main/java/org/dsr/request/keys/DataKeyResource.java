package org.dsr.request.keys;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
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
import org.dsr.request.security.Caller;
import org.dsr.kit.security.Roles;

/**
 * The internal endpoint adapters fetch a request's data key from. Every fetch, granted or not, writes an audit row
 * (who, when, which key, what they got) in the same transaction as the read.
 */
@Path("/internal/v1/data-keys/{keyId}")
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
        boolean wellFormed = keyId != null && keyId.matches("dk-[0-9a-f\\-]{36}");
        // The audit row commits whatever the answer: the transaction never fails, the answer is decided after it.
        return Panache.withTransaction(() -> (wellFormed ? DataKey.<DataKey> findById(keyId)
                : Uni.createFrom().<DataKey> nullItem()).flatMap(row -> {
                    String result = row == null ? "UNKNOWN" : row.wrappedKey == null ? "DESTROYED" : "GRANTED";
                    DataKeyResponse response = null;
                    if (row != null && row.wrappedKey != null) {
                        byte[] raw = dataKeys.unwrap(row);
                        response = new DataKeyResponse(keyId, row.requestId, IdentifierCipher.ALGORITHM,
                                Base64.getEncoder().encodeToString(raw));
                        Arrays.fill(raw, (byte) 0);
                    }
                    String audited = wellFormed ? keyId : "(malformed key id)";
                    return audit(audited, row == null ? null : row.requestId, who, result)
                            .replaceWith(new Fetch(result, response));
                })).map(fetch -> {
                    switch (fetch.result()) {
                        case "GRANTED":
                            LOG.infof("data key %s of request %s fetched by %s", keyId, fetch.response().requestId(),
                                    who);
                            return fetch.response();
                        case "DESTROYED":
                            throw new ProblemException(Problem.of("data-key-destroyed", "Gone", 410,
                                    "The data key was destroyed when its request was shredded", null));
                        default:
                            throw ProblemException.notFound("Data key");
                    }
                });
    }

    private record Fetch(String result, DataKeyResponse response) {
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
