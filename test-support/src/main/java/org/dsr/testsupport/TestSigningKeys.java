package org.dsr.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.proof.VerificationKeys;

/**
 * Fixed, test-only Ed25519 key pairs of the orchestrator, the four sample processors, the orchestrator's test policy's
 * legacy-crm and the connector ({@code test-signing-keys.properties}), so that a test can sign as any of them and pin
 * their public keys in the service under test ({@code dsr.trust.keys.<owner>}). Never used outside tests.
 */
public final class TestSigningKeys {

    /** One owner's pair and the key id it signs with ({@code <owner>-<fingerprint>}). */
    public record Pair(String owner, String keyId, PrivateKey privateKey, PublicKey publicKey) {

        public String publicBase64() {
            return Signatures.encode(publicKey);
        }

        /** Writes only {@code <owner>.pub}, e.g. into the directory of public keys an offline verifier is given. */
        public void writePublicTo(Path dir) {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(owner + ".pub"), publicBase64() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("writing the test public key of " + owner, e);
            }
        }

        /**
         * Writes {@code <owner>-signing.key} and {@code <owner>.pub} into a keys directory, so a service under test
         * signs with this pair (SigningKeyPair reads them instead of generating one).
         */
        public void writeTo(Path keysDir) {
            try {
                Files.createDirectories(keysDir);
                Files.writeString(keysDir.resolve(owner + ".pub"), publicBase64() + "\n");
                Path key = keysDir.resolve(owner + "-signing.key");
                Files.deleteIfExists(key);
                Files.createFile(
                        key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(key, Signatures.encode(privateKey) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("writing the test key pair of " + owner, e);
            }
        }
    }

    private static final Properties KEYS = load();

    private TestSigningKeys() {}

    public static Pair of(String owner) {
        String priv = KEYS.getProperty(owner + ".private");
        String pub = KEYS.getProperty(owner + ".public");
        if (priv == null || pub == null) {
            throw new IllegalArgumentException("no test key pair for " + owner);
        }
        PublicKey publicKey = Signatures.publicKey(pub);
        return new Pair(owner, VerificationKeys.keyId(owner, publicKey), Signatures.privateKey(priv), publicKey);
    }

    /** {@code dsr.trust.keys.<owner>} = public key of each owner: the properties that pin them in a service. */
    public static Map<String, String> trustProperties(String... owners) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String owner : owners) {
            properties.put("dsr.trust.keys." + owner, of(owner).publicBase64());
        }
        return properties;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = TestSigningKeys.class.getResourceAsStream("/test-signing-keys.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
