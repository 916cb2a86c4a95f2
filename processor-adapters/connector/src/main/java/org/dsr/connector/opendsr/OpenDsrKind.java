package org.dsr.connector.opendsr;

import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.ConnectorKind;
import org.dsr.connector.kind.ProcessorConnector;

/**
 * {@code kind: opendsr}: a processor that implements OpenDSR 2.0, connected by its URL, its pinned signing
 * certificate and the categories its erasure covers. Settings and mapping: docs/connectors/opendsr.md.
 */
@ApplicationScoped
public class OpenDsrKind implements ConnectorKind {

    public static final String NAME = "opendsr";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProcessorConnector create(ProcessorEntry entry, Settings settings) {
        OpenDsrConfig config = OpenDsrConfig.read(settings);
        if (config == null) {
            return null;
        }
        OpenDsrConnector connector = new OpenDsrConnector(entry.name(), config);
        if (config.checkDiscovery()) {
            int before = settings.errorCount();
            connector.checkDiscovery(settings);
            if (settings.errorCount() != before) {
                return null;
            }
        }
        return connector;
    }
}
