package org.dsr.witness;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import io.quarkus.test.junit.QuarkusTestProfile;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSigner;

/**
 * A witness started on the key and state directories of an earlier witness process, which cosigned
 * {@link TestLog#fixed()} from 0 to 10 to {@link #COSIGNED} and stopped.
 */
public class RestartedWitnessProfile implements QuarkusTestProfile {

    static final long COSIGNED = 20;

    @Override
    public Map<String, String> getConfigOverrides() {
        Path keys = FreshWitnessProfile.tempDir("witness-keys");
        Path state = FreshWitnessProfile.tempDir("witness-state");
        TestLog log = TestLog.fixed().grow((int) COSIGNED);
        try (CheckpointStore store = CheckpointStore.open(state)) {
            KeyPair pair = WitnessKeys.loadOrCreate(keys);
            WitnessService earlier = new WitnessService(
                    new NoteSigner("witness.test/w1", NoteKey.Type.COSIGNATURE_V1, pair.getPrivate(), pair.getPublic()),
                    TrustedLogs.of(List.of(new TrustedLogs.Log(TestLog.ORIGIN, log.key()))),
                    store,
                    Clock.systemUTC());
            for (String body : List.of(log.body(0, 10), log.body(10, COSIGNED))) {
                if (!(earlier.addCheckpoint(body.getBytes(StandardCharsets.UTF_8))
                        instanceof WitnessService.Answer.Cosigned)) {
                    throw new IllegalStateException("the earlier witness did not cosign");
                }
            }
        }
        return FreshWitnessProfile.settings(keys, state);
    }
}
