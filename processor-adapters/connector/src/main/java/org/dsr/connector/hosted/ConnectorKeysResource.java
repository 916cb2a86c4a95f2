package org.dsr.connector.hosted;

import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dsr.contracts.crypto.Signatures;

/** {@code GET /api/v1/keys}: the public key of every hosted processor, which signs that processor's outcomes. */
@Path("/api/v1/keys")
public class ConnectorKeysResource {

    public record PublicKeyView(String processor, String keyId, String algorithm, String publicKey) {}

    private final HostedProcessors hosted;

    public ConnectorKeysResource(HostedProcessors hosted) {
        this.hosted = hosted;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<PublicKeyView> keys() {
        return hosted.all().values().stream()
                .map(p -> new PublicKeyView(
                        p.name(),
                        p.key().keyId(),
                        Signatures.ALGORITHM,
                        Signatures.encode(p.key().publicKey())))
                .toList();
    }
}
