package org.dsr.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.dsr.contracts.crypto.Hashes;
import org.dsr.contracts.tlog.Checkpoint;
import org.dsr.contracts.tlog.InvalidProofException;
import org.dsr.contracts.tlog.SignedNote;

/**
 * The latest cosigned checkpoint of each log, durable across a SIGKILL or a power cut: one file per origin,
 * {@code <hex SHA-256 of the origin>.checkpoint}, holding the signed note as the witness cosigned it (the log's
 * verified signatures and the witness's cosignature), which is also what {@code GET /<origin hash>/checkpoint} serves.
 * <p>
 * A save writes a temporary file in the same directory, forces it to disk, renames it over the old one (atomic: a
 * reader sees the old note or the new one, never half of one) and forces the directory, so that the rename itself
 * survives a crash; only then does the caller answer. One process at a time: the store holds an exclusive lock on
 * {@code witness.lock} in the directory while it is open (the operating system drops it when the process dies). A file
 * that does not parse is never read as "nothing cosigned yet" (that would let the log roll back): it fails the request.
 */
public final class CheckpointStore implements AutoCloseable {

    static final String LOCK_FILE = "witness.lock";
    static final String SUFFIX = ".checkpoint";

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private CheckpointStore(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating it owner-only if missing) and locks the state directory; fails if another process holds it. */
    public static CheckpointStore open(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, ownerOnly("rwx------"));
            }
            FileChannel channel =
                    FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another witness process uses the state directory " + dir);
            }
            return new CheckpointStore(dir, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the witness state directory " + dir, e);
        }
    }

    /** The latest cosigned note of an origin; empty when none was ever cosigned. */
    public Optional<Stored> latest(String origin) {
        Path file = fileOf(origin);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            SignedNote note = SignedNote.parse(text);
            Checkpoint checkpoint = Checkpoint.parse(note.text());
            if (!checkpoint.origin().equals(origin)) {
                throw new IllegalStateException("the stored checkpoint " + file + " is of another origin");
            }
            return Optional.of(new Stored(checkpoint, note));
        } catch (InvalidProofException e) {
            throw new IllegalStateException(
                    "the stored checkpoint " + file + " is unreadable (" + e.getMessage() + "); refusing to cosign"
                            + " for its log until an operator restores it",
                    e);
        }
    }

    /** Replaces the latest cosigned note of the checkpoint's origin; durable when it returns. */
    public void save(Checkpoint checkpoint, SignedNote cosigned) {
        Path file = fileOf(checkpoint.origin());
        try {
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly("rw-------"));
            try {
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer bytes = ByteBuffer.wrap(cosigned.format().getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    out.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the cosigned checkpoint in " + file, e);
        }
    }

    /** Whether the directory is still there and writable (readiness). */
    public boolean isWritable() {
        return lock.isValid() && Files.isDirectory(dir) && Files.isWritable(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The lowercase hex SHA-256 of an origin: its file name here and its path in the monitoring API. */
    public static String originHash(String origin) {
        return Hashes.sha256Hex(origin);
    }

    private Path fileOf(String origin) {
        return dir.resolve(originHash(origin) + SUFFIX);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + dir.resolve(LOCK_FILE), e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    /** A stored latest checkpoint and the cosigned note it came in. */
    public record Stored(Checkpoint checkpoint, SignedNote note) {}
}
