package org.dsr.kit.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets kept as one base64 (or PEM-less base64) line per file under the keys directory. A missing file is
 * generated once; when two processes race, the first writer wins and the other reads its file.
 * <p>
 * A new file is owner-only from its first byte and appears whole: it is written as a temporary file created
 * {@code rw-------} in the same directory, then linked to its name (link(2) fails when the name exists, so the race
 * has one winner and a reader never sees half a key). A directory this class creates is {@code rwx------}.
 */
public final class KeyFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private KeyFiles() {}

    public static String readOrCreate(Path dir, String name, Supplier<String> generator) {
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            createDirectory(dir);
            Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp", ownerOnly("rw-------"));
            try {
                Files.writeString(tmp, generator.get() + "\n", StandardCharsets.US_ASCII);
                publish(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create key file " + file, e);
        }
    }

    public static String read(Path file) throws IOException {
        String value = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (value.isEmpty()) {
            throw new IOException("key file " + file + " is empty");
        }
        return value;
    }

    /** The written file under its name, unless another process got there first (then theirs stands). */
    private static void publish(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
            // another service created it first: use theirs
        } catch (UnsupportedOperationException noHardLinks) {
            if (!Files.exists(file)) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, ownerOnly("rwx------"));
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }
}
