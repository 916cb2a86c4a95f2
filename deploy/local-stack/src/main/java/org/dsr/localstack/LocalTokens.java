package org.dsr.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.Audiences;

/**
 * The local stack's token issuer: an RSA key pair generated in {@code keys/} on first start (never committed), whose
 * public key every service verifies bearer tokens with ({@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}). {@code ./dsr token
 * <role>} prints a token signed with it (RS256, issuer {@value #ISSUER}, the role in {@code groups}, the audiences of
 * that role in {@code aud}: {@link Audiences}).
 */
public final class LocalTokens {

    public static final String ISSUER = "dsr-local";
    public static final String PRIVATE_KEY_FILE = "jwt-issuer.key";
    public static final String PUBLIC_KEY_FILE = "jwt-issuer.pub";
    public static final List<String> ROLES = List.of("dsr-submitter", "dsr-operator", "dsr-compliance", "dsr-adapter");

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalTokens() {}

    /** Creates the issuer key pair if missing; never overwrites. */
    public static void ensureIssuerKeys(Path keysDir) {
        Path priv = keysDir.resolve(PRIVATE_KEY_FILE);
        Path pub = keysDir.resolve(PUBLIC_KEY_FILE);
        if (Files.exists(priv) && Files.exists(pub)) {
            return;
        }
        try {
            Files.createDirectories(keysDir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            write(keysDir, priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            write(keysDir, pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("creating the token issuer keys in " + keysDir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /** A bearer token for the local stack, signed by its issuer key. */
    public static String mint(Path keysDir, String role, String subject, Duration ttl) {
        return mint(keysDir, role, subject, ttl, java.util.Map.of());
    }

    /** The same, with list claims besides (an adapter's {@code dsr_processors}). */
    public static String mint(
            Path keysDir, String role, String subject, Duration ttl, java.util.Map<String, List<String>> listClaims) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "'; one of " + ROLES);
        }
        ensureIssuerKeys(keysDir);
        try {
            Instant now = Instant.now();
            ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
            ObjectNode claims = JSON.createObjectNode()
                    .put("iss", ISSUER)
                    .put("sub", subject)
                    .put("upn", subject)
                    .put("iat", now.getEpochSecond())
                    .put("exp", now.plus(ttl).getEpochSecond())
                    .put("jti", UUID.randomUUID().toString());
            claims.putArray("groups").add(role);
            Audiences.forRoles(List.of(role)).forEach(claims.putArray("aud")::add);
            listClaims.forEach((name, values) -> values.forEach(claims.putArray(name)::add));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + b64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(keysDir.resolve(PRIVATE_KEY_FILE)));
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void write(Path dir, Path target, String content) throws IOException {
        if (Files.exists(target)) {
            return;
        }
        Path tmp = Files.createTempFile(
                dir,
                target.getFileName().toString(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            if (!Files.exists(target)) {
                throw e;
            }
        }
    }
}
