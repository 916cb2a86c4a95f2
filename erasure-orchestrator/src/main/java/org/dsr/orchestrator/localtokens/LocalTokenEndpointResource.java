package org.dsr.orchestrator.localtokens;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dsr.contracts.crypto.Hashes;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * Local stack only: {@code POST /local/oauth2/token} with {@code grant_type=client_credentials} and the client's id and
 * secret (HTTP Basic or form fields, RFC 6749 §2.3.1) answers a {@code dsr-adapter} token for request-service only,
 * naming the processors the client acts for ({@code dsr_processors}), that lives {@code token-ttl} (5 minutes). Answers
 * 404 unless {@code dsr.local-token-endpoint.enabled=true}. Errors follow RFC 6749 §5.2.
 */
@Path("/local/oauth2/token")
public class LocalTokenEndpointResource {

    private static final Logger LOG = Logger.getLogger(LocalTokenEndpointResource.class);

    private final LocalTokenEndpointConfig config;
    private final LocalTokenIssuer issuer;

    public LocalTokenEndpointResource(LocalTokenEndpointConfig config, LocalTokenIssuer issuer) {
        this.config = config;
        this.issuer = issuer;
    }

    public record TokenResponse(String access_token, String token_type, long expires_in) {}

    public record TokenError(String error) {}

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response token(
            @FormParam("grant_type") String grantType,
            @FormParam("client_id") String formId,
            @FormParam("client_secret") String formSecret,
            @HeaderParam("Authorization") String authorization) {
        if (!config.enabled() || config.clientSecretSha256().isEmpty()) {
            return Response.status(404).build();
        }
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type");
        }
        String[] basic = basic(authorization);
        String clientId = basic != null ? basic[0] : formId;
        String secret = basic != null ? basic[1] : formSecret;
        if (!authenticates(clientId, secret)) {
            LOG.info("local token endpoint: client authentication failed");
            return Response.status(401)
                    .header("WWW-Authenticate", "Basic realm=\"dsr-local\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new TokenError("invalid_client"))
                    .build();
        }
        List<String> processors = config.processors().orElse(List.of());
        Optional<String> token = issuer.mintForAdapter(clientId, processors, config.tokenTtl());
        if (token.isEmpty()) {
            return error(503, "temporarily_unavailable");
        }
        return Response.ok(new TokenResponse(
                        token.get(), "Bearer", config.tokenTtl().toSeconds()))
                .header("Cache-Control", "no-store")
                .build();
    }

    /** The client id matches and the secret's SHA-256 equals the configured one (compared in constant time). */
    boolean authenticates(String clientId, String secret) {
        if (clientId == null || secret == null || !config.clientId().equals(clientId)) {
            return false;
        }
        byte[] expected = config.clientSecretSha256()
                .orElse("")
                .strip()
                .toLowerCase(java.util.Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] actual =
                Hashes.sha256Hex(secret.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined
            return colon < 0
                    ? null
                    : new String[] {
                        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
                    };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response error(int status, String error) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new TokenError(error))
                .build();
    }
}
