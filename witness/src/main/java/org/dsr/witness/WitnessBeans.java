package org.dsr.witness;

import java.security.KeyPair;
import java.time.Clock;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import org.dsr.contracts.tlog.NoteKey;
import org.dsr.contracts.tlog.NoteSigner;
import org.jboss.logging.Logger;

/**
 * Builds the witness from its configuration: its key, its state directory (locked for this process), the logs it
 * trusts; prints its vkey at start so that the log's operator and auditors can pin it.
 */
public class WitnessBeans {

    private static final Logger LOG = Logger.getLogger(WitnessBeans.class);

    @Produces
    @Singleton
    @DefaultBean
    Clock systemClock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    CheckpointStore store(WitnessConfig config) {
        return CheckpointStore.open(config.witness().stateDir());
    }

    void close(@Disposes CheckpointStore store) {
        store.close();
    }

    @Produces
    @Singleton
    WitnessService witness(WitnessConfig config, CheckpointStore store, Clock clock) {
        KeyPair keys = WitnessKeys.loadOrCreate(config.keysDir());
        NoteSigner signer = new NoteSigner(
                config.witness().name(), NoteKey.Type.COSIGNATURE_V1, keys.getPrivate(), keys.getPublic());
        return new WitnessService(signer, TrustedLogs.of(config.witness().logs()), store, clock);
    }

    void announce(@Observes StartupEvent start, WitnessService witness, CheckpointStore store) {
        LOG.infof("witness vkey %s", witness.verifierKey().vkey());
        witness.logs()
                .all()
                .forEach((origin, keys) -> LOG.infof(
                        "trusting log %s with %s",
                        origin, keys.stream().map(NoteKey::vkey).toList()));
        if (witness.logs().all().isEmpty()) {
            LOG.warn("no log configured (dsr.witness.logs.<n>.origin / .vkey): every checkpoint gets a 404");
        }
        LOG.infof("state in %s", store.dir());
    }
}
