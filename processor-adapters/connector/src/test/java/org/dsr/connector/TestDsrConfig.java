package org.dsr.connector;

import java.nio.file.Path;
import org.dsr.kit.config.DsrConfig;

/** The shared settings a kind or the start reads outside Quarkus: only the keys directory. */
public final class TestDsrConfig {

    private TestDsrConfig() {}

    public static DsrConfig keysIn(Path dir) {
        return new DsrConfig() {
            @Override
            public Path keysDir() {
                return dir;
            }

            @Override
            public String instanceId() {
                return "test";
            }

            @Override
            public Outbox outbox() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Consumer consumer() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
