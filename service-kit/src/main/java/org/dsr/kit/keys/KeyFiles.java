package org.dsr.kit.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets kept as one base64 (or PEM-less base64) line per file under the keys directory. A missing file is
 * generated once; when two processes race, the first writer wins and the other reads its file.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    public static String readOrCreate(Path dir, String name, Supplier<String> generator) {
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(dir);
            try {
                Files.writeString(file, generator.get() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                restrict(file);
            } catch (FileAlreadyExistsException raced) {
                // another service created it first: use theirs
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

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: nothing more we can do
        }
    }
}
