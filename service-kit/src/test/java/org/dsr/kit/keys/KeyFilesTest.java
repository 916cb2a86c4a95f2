package org.dsr.kit.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aNewKeyIsOwnerOnlyInAnOwnerOnlyDirectoryAndReadBackAsWritten() throws Exception {
        Path dir = tmp.resolve("keys");
        String key = KeyFiles.readOrCreate(dir, "a.key", () -> "c2VjcmV0");

        assertThat(key).isEqualTo("c2VjcmV0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("no temporary file left")
                    .containsExactly("a.key");
        }
        // generated once: a second call reads the file, never generates again
        assertThat(KeyFiles.readOrCreate(dir, "a.key", () -> "b3RoZXI=")).isEqualTo("c2VjcmV0");
    }

    @Test
    void racingCreatorsAllGetTheFirstWritersKeyAndNoneSeesHalfAFile() throws Exception {
        Path dir = tmp.resolve("race");
        int creators = 8;
        AtomicInteger generated = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < creators; i++) {
                Callable<String> create = () -> {
                    start.await();
                    return KeyFiles.readOrCreate(
                            dir, "shared.key", () -> "key-" + generated.incrementAndGet() + "-" + "x".repeat(4096));
                };
                keys.add(pool.submit(create));
            }
            start.countDown();
            List<String> seen = new ArrayList<>();
            for (Future<String> key : keys) {
                seen.add(key.get());
            }
            assertThat(seen).hasSize(creators).allSatisfy(k -> assertThat(k).isEqualTo(seen.get(0)));
            assertThat(KeyFiles.read(dir.resolve("shared.key"))).isEqualTo(seen.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExistingDirectoryIsLeftAsItIs() throws Exception {
        Path dir = Files.createDirectory(
                tmp.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        KeyFiles.readOrCreate(dir, "b.key", () -> "Yg==");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b.key"))))
                .isEqualTo("rw-------");
    }
}
