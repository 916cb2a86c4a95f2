package org.dsr.orchestrator.localtokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.jwt.build.Jwt;
import org.dsr.contracts.Audiences;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.UiConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Local stack only: signs short-lived console tokens with the local token issuer's key (the one {@code ./dsr token}
 * uses). Available only when {@code dsr.ui.local-sign-in.enabled=true} and the key file exists; production signs in
 * through the organisation's identity provider (docs/security.md).
 */
@ApplicationScoped
public class LocalTokenIssuer {

    private static final Logger LOG = Logger.getLogger(LocalTokenIssuer.class);

    private final UiConfig config;
    private final Path keyFile;
    private final String issuer;

    public LocalTokenIssuer(
            UiConfig config,
            DsrConfig dsr,
            @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "dsr-local") String issuer) {
        this.config = config;
        this.keyFile = config.localSignIn()
                .keyFile()
                .map(Path::of)
                .orElse(dsr.keysDir().resolve("jwt-issuer.key"));
        this.issuer = issuer;
    }

    public boolean available() {
        return config.localSignIn().enabled() && Files.isRegularFile(keyFile);
    }

    public long ttlSeconds() {
        return config.localSignIn().tokenTtl().toSeconds();
    }

    /** A token for the subject with one role, or empty when local sign-in is off. */
    public Optional<String> mint(String subject, String role) {
        if (!available()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Jwt.issuer(issuer)
                    .subject(subject)
                    .upn(subject)
                    .groups(Set.of(role))
                    .audience(Set.copyOf(Audiences.PERSON))
                    .expiresIn(ttlSeconds())
                    .sign(privateKey()));
        } catch (IOException | GeneralSecurityException e) {
            LOG.warnf(
                    "local sign-in: the issuer key cannot be read (%s)",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * A {@code dsr-adapter} token for request-service only, naming the processors the client acts for
     * ({@code dsr_processors}), living {@code ttl}: what the local token endpoint issues. Empty when the issuer key
     * file is missing or unreadable.
     */
    public Optional<String> mintForAdapter(String client, java.util.List<String> processors, java.time.Duration ttl) {
        if (!Files.isRegularFile(keyFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Jwt.issuer(issuer)
                    .subject(client)
                    .upn(client)
                    .groups(Set.of(Roles.ADAPTER))
                    .audience(Audiences.REQUEST_SERVICE)
                    .claim("dsr_processors", processors)
                    .expiresIn(ttl.toSeconds())
                    .sign(privateKey()));
        } catch (IOException | GeneralSecurityException e) {
            LOG.warnf(
                    "local token endpoint: the issuer key cannot be read (%s)",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private PrivateKey privateKey() throws IOException, GeneralSecurityException {
        String body =
                Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
