package org.dsr.kit.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/** Says at start which Kafka principal the service is (its name only; {@link KafkaCredentialsConfig}). */
@ApplicationScoped
public class KafkaPrincipalLog {

    private static final Logger LOG = Logger.getLogger(KafkaPrincipalLog.class);

    private final KafkaCredentialsConfig config;

    public KafkaPrincipalLog(KafkaCredentialsConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        config.username()
                .ifPresentOrElse(
                        user -> LOG.infof("Kafka: SASL/SCRAM as principal %s", user),
                        () -> LOG.info(
                                "Kafka: no principal (dsr.kafka.username); a broker that requires one refuses this "
                                        + "service"));
    }
}
