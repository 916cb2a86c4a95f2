package org.dsr.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.kit.keys.KeyFiles;
import org.dsr.kit.keys.SigningKeyPair;

/**
 * One key set per service (docs/security.md "Keys"): under {@code .dsr/keys/} (0700) each service has its own
 * directory {@code <service>/} (0700, files owner-only), its {@code DSR_KEYS_DIR}, holding only what it needs:
 * <ul>
 * <li>{@code request-service/}: the key-encryption key and the pseudonym secret;</li>
 * <li>{@code erasure-orchestrator/}: its signing key;</li>
 * <li>{@code connector/}: one signing key per processor it hosts, its data maps' hash keys, and its client secret at
 * the token endpoint that issues its short-lived data-key tokens;</li>
 * <li>a sample processor's own system: its own secrets (email-delivery's suppression key);</li>
 * <li>{@code witness/}: the witness's cosignature key pair (docs/witness.md);</li>
 * <li>{@code launcher/}: the local token issuer's key (read by the orchestrator's local console sign-in too).</li>
 * </ul>
 * {@code public/} holds every public key (token issuer, orchestrator, processors, witness) for the offline verifier. The
 * launcher generates the signing key pairs before any service starts, so that it can pin each public key in the
 * services that check it ({@code dsr.trust.keys.<owner>}), in a properties file per service under {@code .dsr/config/}
 * the service is pointed at ({@code QUARKUS_CONFIG_LOCATIONS}): a map key with a dash ({@code email-delivery})
 * cannot be passed through an environment variable unambiguously.
 */
public final class StackKeys {

    static final String LAUNCHER = "launcher";
    static final String PUBLIC = "public";
    static final String ORCHESTRATOR = "orchestrator";
    /** The owner name of the witness's key files ({@code witness-signing.key}, {@code witness.pub}). */
    static final String WITNESS = "witness";
    /** The completion log's origin line, also its note key's name (the orchestrator's {@code dsr.log.origin}). */
    public static final String LOG_ORIGIN = "dsr.local/completion-log";
    /** The local witness's name in its cosignature lines and vkey ({@code dsr.witness.name}). */
    public static final String WITNESS_NAME = "witness.dsr.local/w1";
    /** The connector's client secret at the orchestrator's local token endpoint (the orchestrator holds its hash). */
    static final String TOKEN_CLIENT_SECRET = "data-keys-client.secret";

    private final StackConfig config;

    StackKeys(StackConfig config) {
        this.config = config;
    }

    /**
     * The key set a service uses: a second instance of a service (the same jar under another name) shares the first
     * one's, as instances of one service do in production.
     */
    public static String keySetOf(ServiceSpec service) {
        return ServiceSpec.DEFAULTS.stream()
                .filter(d -> d.jarPath().equals(service.jarPath()))
                .findFirst()
                .map(ServiceSpec::name)
                .orElse(service.name());
    }

    /** The keys directory of one service (or of the launcher). */
    public Path dirOf(String service) {
        return config.keysDirOf(service);
    }

    public Path launcherDir() {
        return dirOf(LAUNCHER);
    }

    public Path publicDir() {
        return config.publicKeysDir();
    }

    /** The directory that holds a processor's signing key: the connector's when it hosts it, else its own. */
    Path signingDirOf(String processor) {
        return StackProcessors.ofConnector().contains(processor) ? dirOf(ServiceSpec.CONNECTOR) : dirOf(processor);
    }

    /**
     * Creates what is missing, never overwrites: the directories, request-service's secrets, the token issuer's key,
     * the orchestrator's and every processor's signing key pair; publishes the public keys; moves the files of an
     * older stack's shared directory to their owner.
     */
    void ensure() {
        try {
            Files.createDirectories(config.keysDir());
            Files.setPosixFilePermissions(config.keysDir(), PosixFilePermissions.fromString("rwx------"));
            migrateSharedDirectory();
            Path request = dirOf(ServiceSpec.REQUEST_SERVICE);
            for (String name : List.of("pseudonym-secret.key", "data-key-kek.key")) {
                KeyFiles.readOrCreate(request, name, StackKeys::random256);
            }
            KeyFiles.readOrCreate(dirOf(ServiceSpec.CONNECTOR), TOKEN_CLIENT_SECRET, StackKeys::random256);
            ownerOnlyDirectory(launcherDir());
            LocalTokens.ensureIssuerKeys(launcherDir());
            publish(launcherDir().resolve(LocalTokens.PUBLIC_KEY_FILE));
            SigningKeyPair.loadOrCreate(dirOf(ServiceSpec.ERASURE_ORCHESTRATOR), ORCHESTRATOR);
            publish(dirOf(ServiceSpec.ERASURE_ORCHESTRATOR).resolve(ORCHESTRATOR + ".pub"));
            SigningKeyPair.loadOrCreate(dirOf(ServiceSpec.WITNESS), WITNESS);
            publish(dirOf(ServiceSpec.WITNESS).resolve(WITNESS + ".pub"));
            for (String processor : processors()) {
                SigningKeyPair.loadOrCreate(signingDirOf(processor), processor);
                publish(signingDirOf(processor).resolve(processor + ".pub"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("creating keys in " + config.keysDir(), e);
        }
    }

    /** Every processor of the stack; only the connector's when there is no policy (a launcher test's checkout). */
    private List<String> processors() {
        return Files.isRegularFile(StackProcessors.policy(config))
                ? StackProcessors.all(config)
                : StackProcessors.ofConnector();
    }

    /** The public keys a service checks signatures with, {@code dsr.trust.keys.<owner>}, base64. */
    Map<String, String> trustOf(ServiceSpec service) {
        List<String> owners = new ArrayList<>();
        switch (keySetOf(service)) {
            case ServiceSpec.ERASURE_ORCHESTRATOR -> owners.addAll(processors());
            case ServiceSpec.REQUEST_SERVICE -> {
                owners.add(ORCHESTRATOR);
                owners.addAll(processors());
            }
            case ServiceSpec.CONNECTOR -> owners.add(ORCHESTRATOR);
            default -> {
                // a sample processor's own system checks no signatures
            }
        }
        Map<String, String> trust = new LinkedHashMap<>();
        for (String owner : owners) {
            Path pub = owner.equals(ORCHESTRATOR)
                    ? dirOf(ServiceSpec.ERASURE_ORCHESTRATOR).resolve("orchestrator.pub")
                    : signingDirOf(owner).resolve(owner + ".pub");
            trust.put("dsr.trust.keys." + owner, readPublicKey(pub));
        }
        return trust;
    }

    /**
     * The completion log's note verifier key: the orchestrator's public key under the log's origin
     * (c2sp.org/signed-note vkey, Ed25519), what the witness trusts the log's checkpoints with.
     */
    public String logVkey() {
        Path pub = dirOf(ServiceSpec.ERASURE_ORCHESTRATOR).resolve(ORCHESTRATOR + ".pub");
        return new NoteKey(LOG_ORIGIN, NoteKey.Type.ED25519, Signatures.publicKey(readPublicKey(pub))).vkey();
    }

    /** The witness's cosignature verifier key (type 0x04), what the orchestrator and auditors pin. */
    public String witnessVkey() {
        Path pub = dirOf(ServiceSpec.WITNESS).resolve(WITNESS + ".pub");
        return new NoteKey(WITNESS_NAME, NoteKey.Type.COSIGNATURE_V1, Signatures.publicKey(readPublicKey(pub))).vkey();
    }

    /** The witness's settings that go in its properties file: the log it cosigns for. */
    Map<String, String> witnessOf(ServiceSpec service) {
        if (!keySetOf(service).equals(ServiceSpec.WITNESS)) {
            return Map.of();
        }
        return Map.of(
                "dsr.witness.logs.completions.origin", LOG_ORIGIN, "dsr.witness.logs.completions.vkey", logVkey());
    }

    /** The connector's client secret file for the local token endpoint. */
    public Path tokenClientSecret() {
        return dirOf(ServiceSpec.CONNECTOR).resolve(TOKEN_CLIENT_SECRET);
    }

    /**
     * The orchestrator's local token endpoint: on, for the connector (by the SHA-256 of its secret), issuing tokens
     * that name the processors the connector hosts.
     */
    Map<String, String> tokenEndpointOf(ServiceSpec service) {
        if (!keySetOf(service).equals(ServiceSpec.ERASURE_ORCHESTRATOR)) {
            return Map.of();
        }
        try {
            String secret = KeyFiles.read(tokenClientSecret());
            return Map.of(
                    "dsr.local-token-endpoint.enabled",
                    "true",
                    "dsr.local-token-endpoint.client-id",
                    ServiceSpec.CONNECTOR,
                    "dsr.local-token-endpoint.client-secret-sha256",
                    Hashes.sha256Hex(secret),
                    "dsr.local-token-endpoint.processors",
                    String.join(",", StackProcessors.ofConnector()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenClientSecret(), e);
        }
    }

    /**
     * Writes {@code .dsr/config/<service>.properties}, the settings that cannot travel as environment variables (the
     * pinned keys), and returns it.
     */
    Path writeServiceConfig(ServiceSpec service, Map<String, String> extra) {
        Properties properties = new Properties();
        properties.putAll(trustOf(service));
        properties.putAll(tokenEndpointOf(service));
        properties.putAll(witnessOf(service));
        properties.putAll(extra);
        Path dir = config.baseDir().resolve("config");
        Path file = dir.resolve(service.name() + ".properties");
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(
                    dir,
                    service.name(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(tmp)) {
                properties.store(out, "written by the local-stack launcher at each start; edits are overwritten");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String readPublicKey(Path pub) {
        try {
            String text = Files.readString(pub).strip();
            Signatures.publicKey(text); // fails on anything but an Ed25519 public key
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pub, e);
        }
    }

    private void publish(Path publicKey) throws IOException {
        ownerOnlyDirectory(publicDir());
        Files.copy(publicKey, publicDir().resolve(publicKey.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * An older stack kept every key in {@code .dsr/keys/} itself: each file moves to its owner's directory (so the
     * pseudonyms and signatures of its data stay valid); the walking skeleton's shared identifier key, which no service
     * has any more, is deleted, and the old public key copies too ({@code public/} has them).
     */
    private void migrateSharedDirectory() throws IOException {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("pseudonym-secret.key", ServiceSpec.REQUEST_SERVICE);
        owners.put("data-key-kek.key", ServiceSpec.REQUEST_SERVICE);
        owners.put(LocalTokens.PRIVATE_KEY_FILE, LAUNCHER);
        owners.put(LocalTokens.PUBLIC_KEY_FILE, LAUNCHER);
        owners.put("orchestrator-signing.key", ServiceSpec.ERASURE_ORCHESTRATOR);
        owners.put("orchestrator.pub", ServiceSpec.ERASURE_ORCHESTRATOR);
        for (String processor : processors()) {
            String owner = signingDirOf(processor).getFileName().toString();
            owners.put(processor + "-signing.key", owner);
            owners.put(processor + ".pub", owner);
            owners.put(processor + "-data-map-hash.key", owner);
        }
        owners.put("email-suppression.key", "email-delivery");
        for (Map.Entry<String, String> entry : owners.entrySet()) {
            Path old = config.keysDir().resolve(entry.getKey());
            if (Files.isRegularFile(old)) {
                Path dir = dirOf(entry.getValue());
                ownerOnlyDirectory(dir);
                Path target = dir.resolve(entry.getKey());
                if (Files.exists(target)) {
                    Files.delete(old);
                } else {
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
        Files.deleteIfExists(config.keysDir().resolve("identifier-encryption.key"));
    }

    private static void ownerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static String random256() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }
}
