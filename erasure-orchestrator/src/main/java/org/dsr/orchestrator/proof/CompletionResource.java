package org.dsr.orchestrator.proof;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.security.Roles;

/**
 * Completion records exactly as stored: canonical JSON, so the bytes served are the bytes that were hashed and
 * signed.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class CompletionResource {

    private final SigningKeys keys;
    private final CompletionChainRepository chain;

    public CompletionResource(SigningKeys keys, CompletionChainRepository chain) {
        this.keys = keys;
        this.chain = chain;
    }

    public record PublicKeyView(String keyId, String algorithm, String publicKey) {}

    /** Every version of one request's completion record, oldest first. */
    @GET
    @RolesAllowed({Roles.COMPLIANCE, Roles.OPERATOR})
    @Path("/completions/{requestId}")
    @WithSession
    public Uni<String> forRequest(@PathParam("requestId") UUID requestId) {
        return chain.versions(requestId).map(records -> {
            if (records.isEmpty()) {
                throw ProblemException.notFound("a completion record for request " + requestId);
            }
            return asArray(records);
        });
    }

    /** The chain (or the part of it recorded in [from, to)) as one export, in chain order. */
    @GET
    @RolesAllowed({Roles.COMPLIANCE, Roles.OPERATOR})
    @Path("/completions")
    @WithSession
    public Uni<String> chain(@QueryParam("from") Instant from, @QueryParam("to") Instant to) {
        Instant start = from == null ? Instant.EPOCH : from;
        Instant end = to == null ? Instant.parse("9999-12-31T00:00:00Z") : to;
        return chain.createdIn(start, end).map(CompletionResource::asArray);
    }

    /** Public keys are public: anyone verifying a proof needs them. */
    @GET
    @PermitAll
    @Path("/keys")
    public List<PublicKeyView> keys() {
        return List.of(new PublicKeyView(keys.keyId(), Signatures.ALGORITHM, Signatures.encode(keys.publicKey())));
    }

    private static String asArray(List<CompletionRecordEntity> records) {
        StringBuilder sb = new StringBuilder("[");
        for (CompletionRecordEntity r : records) {
            sb.append(sb.length() == 1 ? "" : ",").append(r.payload);
        }
        return sb.append(']').toString();
    }
}
