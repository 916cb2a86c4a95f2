package org.dsr.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.dsr.contracts.crypto.Signatures;

/**
 * The witness's Ed25519 key pair, in the layout every signing service of the stack uses (service-kit's
 * {@code SigningKeyPair}, which the launcher writes before the witness starts): {@code witness-signing.key}
 * (owner-only) and {@code witness.pub} beside it, each one base64 line. Generated on first start when missing, the
 * private file owner-only from its first byte and appearing whole (a temporary file linked to its name: link(2) fails
 * when the name exists, so of two racing starts one wins). Not service-kit's class itself: the witness does not carry
 * service-kit (its outbox, Kafka and Panache beans).
 */
public final class WitnessKeys {

    static final String OWNER = "witness";
    static final String PRIVATE_FILE = OWNER + "-signing.key";
    static final String PUBLIC_FILE = OWNER + ".pub";

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private WitnessKeys() {}

    public static KeyPair loadOrCreate(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        try {
            if (!Files.exists(privateFile)) {
                create(dir, privateFile, publicFile);
            }
            if (!Files.exists(publicFile)) {
                throw new IllegalStateException("the public key file " + publicFile + " beside the witness's signing"
                        + " key is missing; restore it, or remove the signing key to generate a new pair");
            }
            PrivateKey privateKey = Signatures.privateKey(read(privateFile));
            PublicKey publicKey = Signatures.publicKey(read(publicFile));
            byte[] probe = "witness key check".getBytes(StandardCharsets.US_ASCII);
            if (!Signatures.verify(publicKey, probe, Signatures.sign(privateKey, probe))) {
                throw new IllegalStateException("the witness's key files in " + dir + " are not one pair (two starts"
                        + " raced to create them?); remove both to generate a new pair");
            }
            return new KeyPair(publicKey, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the witness key in " + dir, e);
        }
    }

    private static void create(Path dir, Path privateFile, Path publicFile) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, ownerOnly("rwx------"));
        }
        KeyPair pair = Signatures.generate();
        Path tmp = Files.createTempFile(dir, "." + PRIVATE_FILE + ".", ".tmp", ownerOnly("rw-------"));
        try {
            Files.writeString(tmp, Signatures.encode(pair.getPrivate()) + "\n", StandardCharsets.US_ASCII);
            // the public key first: whoever sees the private key file can rely on the public one
            Files.writeString(publicFile, Signatures.encode(pair.getPublic()) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(privateFile, tmp);
        } catch (FileAlreadyExistsException raced) {
            // another start created the pair first: theirs stands (checked to be one pair when read)
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String read(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (value.isEmpty()) {
            throw new IOException("key file " + file + " is empty");
        }
        return value;
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }
}
