package org.dsr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each sample processor's own API gets a key of its own, owner-only, not the one it shares with the connector. */
class PlatformApiKeyEnvironmentTest {

    @TempDir
    Path baseDir;

    @Test
    void eachSampleProcessorIsToldItsOwnPlatformKeyAndNoOtherServiceIs() throws Exception {
        StackConfig config = StackConfig.defaults(
                        Path.of("../..").toAbsolutePath().normalize())
                .withBaseDir(baseDir);
        LocalStack stack = new LocalStack(config);
        stack.ensureKeys(); // as up() does first: the services' environments pin the keys it makes
        Set<String> keys = new HashSet<>();
        int processors = 0;
        for (ServiceSpec s : config.services()) {
            if (s.name().equals(ServiceSpec.CONNECTOR)) {
                continue;
            }
            var env = stack.serviceEnvironment(s);
            if (!s.isSampleProcessor()) {
                assertFalse(env.containsKey("PLATFORM_API_KEY_FILE"), s.name());
                continue;
            }
            processors++;
            Path file = Path.of(env.get("PLATFORM_API_KEY_FILE"));
            assertEquals(baseDir.resolve("platform").resolve(s.name() + ".api-key"), file);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
            String key = Files.readString(file).strip();
            assertTrue(key.length() >= 32, "at least the 32 characters the system requires");
            assertTrue(keys.add(key), "one key per processor");
            if (env.containsKey("PRIVACY_API_KEY_FILE")) {
                assertNotEquals(
                        key,
                        Files.readString(Path.of(env.get("PRIVACY_API_KEY_FILE")))
                                .strip());
            }
            // made once: a restart keeps it
            assertEquals(
                    key,
                    Files.readString(Path.of(stack.serviceEnvironment(s).get("PLATFORM_API_KEY_FILE")))
                            .strip());
        }
        assertEquals(4, processors);
    }
}
