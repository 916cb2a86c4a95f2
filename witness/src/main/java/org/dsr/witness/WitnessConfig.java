package org.dsr.witness;

import java.nio.file.Path;
import java.util.Map;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The witness's settings ({@code dsr.*}): where its key is, its name, where it keeps the latest checkpoint it cosigned
 * per log, and the logs it trusts.
 */
@ConfigMapping(prefix = "dsr")
public interface WitnessConfig {

    /** The directory of its key pair, {@code witness-signing.key} and {@code witness.pub}; generated when missing. */
    @WithDefault(".dsr/keys")
    Path keysDir();

    Witness witness();

    interface Witness {

        /** Its name in cosignature lines and in its vkey: a schema-less URL, e.g. {@code witness.example/w1}. */
        String name();

        /** The latest cosigned checkpoint per log, one file each; only one witness process may use it at a time. */
        @WithDefault(".dsr/witness")
        Path stateDir();

        /**
         * The logs it cosigns for, by any local name: {@code dsr.witness.logs.<n>.origin} and {@code .vkey} (the log's
         * note verifier key, {@code <name>+<key id>+<key>}). Two entries with one origin are two keys of that log
         * (a key rotation): a signature of either is enough.
         */
        Map<String, Log> logs();
    }

    interface Log {
        /** The checkpoints' first line, e.g. {@code dsr.local/completions}. */
        String origin();

        /** The log's Ed25519 note verifier key (c2sp.org/signed-note). */
        String vkey();
    }
}
