package org.dsr.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cross-process lock on the state directory ({@code <baseDir>/.lock}) so two launchers do not start the same thing
 * twice; held for the length of an {@code up} or a {@code down}.
 */
final class StateLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this process holds the lock; another LocalStack in this JVM holding it counts as held. */
    static StateLock acquire(Path baseDir) {
        StackFiles.mkdirs(baseDir);
        try {
            FileChannel ch =
                    FileChannel.open(baseDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new StateLock(ch, ch.lock());
            } catch (OverlappingFileLockException e) {
                return new StateLock(ch, null); // another LocalStack in this JVM holds it
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        }
    }
}
