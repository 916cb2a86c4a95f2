package org.dsr.adapter.kit.signing;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.dsr.contracts.crypto.Signatures;

import io.quarkus.arc.properties.IfBuildProperty;

/** {@code GET /api/v1/keys}: the public keys this adapter's outcomes are signed with. */
@IfBuildProperty(name = "adapter-kit.command-path", stringValue = "adapter", enableIfMissing = true)
@Path("/api/v1/keys")
public class AdapterKeysResource {

    public record PublicKeyView(String keyId, String algorithm, String publicKey) {
    }

    private final AdapterSigningKeys keys;

    public AdapterKeysResource(AdapterSigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<PublicKeyView> keys() {
        return List.of(new PublicKeyView(keys.keyId(), Signatures.ALGORITHM, Signatures.encode(keys.publicKey())));
    }
}
