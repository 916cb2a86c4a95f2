package org.dsr.adapter.kit.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * Loads each {@link SampleDataSet} into an empty store at startup, when enabled. Idempotent. Runs after the
 * messaging channels are wired (LIBRARY_BEFORE), so the outbox relay's scheduled poll never meets an unconnected
 * emitter while the data loads. Only a processor's own system loads sample data; the connector
 * ({@code adapter-kit.command-path=connector}) has no store of a processor to fill.
 */
@UnlessBuildProperty(name = "adapter-kit.command-path", stringValue = "connector", enableIfMissing = true)
@ApplicationScoped
public class SampleDataBootstrap {

    private static final Logger LOG = Logger.getLogger(SampleDataBootstrap.class);
    private static final long LOCK = 0x6473722d73616dL; // "dsr-sam"

    private final SampleDataConfig config;
    private final Instance<SampleDataSet> sets;
    private final Instance<AgroalDataSource> dataSource;

    public SampleDataBootstrap(
            SampleDataConfig config, Instance<SampleDataSet> sets, Instance<AgroalDataSource> dataSource) {
        this.config = config;
        this.sets = sets;
        this.dataSource = dataSource;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) StartupEvent event) throws SQLException {
        if (!config.enabled() || sets.isUnsatisfied()) {
            return;
        }
        long started = System.nanoTime();
        SamplePopulation population = null;
        try (Connection connection = dataSource.get().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute("select pg_advisory_xact_lock(" + LOCK + ")");
            }
            int rows = 0;
            for (SampleDataSet set : sets) {
                if (set.isEmpty(connection)) {
                    if (population == null) {
                        population = SamplePopulation.generate(config.people(), config.seed());
                    }
                    rows += set.load(connection, population);
                }
            }
            connection.commit();
            if (rows > 0) {
                LOG.infof(
                        "sample data loaded: %d rows for %d people in %d ms",
                        rows, population.people().size(), (System.nanoTime() - started) / 1_000_000);
            } else {
                LOG.info("sample data already present; nothing loaded");
            }
        }
    }
}
