package org.dsr.connector.manual;

import java.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.ConnectorKind;
import org.dsr.connector.kind.ProcessorConnector;

/**
 * {@code kind: manual}: a processor with no API, reached by an operator who asks the vendor and completes the task
 * with the vendor's confirmation. Settings and flow: docs/connectors/manual.md.
 */
@ApplicationScoped
public class ManualKind implements ConnectorKind {

    public static final String NAME = "manual";

    private final ManualTasks tasks;
    private final Clock clock;

    public ManualKind(ManualTasks tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProcessorConnector create(ProcessorEntry entry, Settings settings) {
        ManualConfig config = ManualConfig.read(settings);
        return config == null ? null : new ManualConnector(entry.name(), config, tasks, clock);
    }
}
