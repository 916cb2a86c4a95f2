package org.dsr.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.quarkus.test.junit.QuarkusTestProfile;

/** A witness with new, empty state and key directories, trusting {@link TestLog#fixed()}. */
public class FreshWitnessProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return settings(tempDir("witness-keys"), tempDir("witness-state"));
    }

    static Map<String, String> settings(Path keys, Path state) {
        return Map.of(
                "dsr.keys-dir", keys.toString(),
                "dsr.witness.state-dir", state.toString(),
                "dsr.witness.name", "witness.test/w1",
                "dsr.witness.logs.test.origin", TestLog.ORIGIN,
                "dsr.witness.logs.test.vkey", TestLog.fixed().key().vkey());
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
