package org.dsr.connector.kind;

import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.kit.keys.SigningKeyPair;

/**
 * A way to reach processors ({@code sql}, {@code http}, {@code webhook}...): a CDI bean the core finds by
 * {@link #name()}. {@link #create} reads the entry's settings through {@link Settings}, which collects one line per
 * bad setting; the core refuses to start when any entry has one.
 */
public interface ConnectorKind {

    /** As written in the connectors file, e.g. {@code sql}. */
    String name();

    /**
     * Builds the connector, checking everything that can be checked at start (a database's schema, a template's
     * shape, a URL's syntax). Report problems through {@code settings.error(...)} and return null if it cannot be
     * built.
     */
    ProcessorConnector create(ProcessorEntry entry, Settings settings);

    /**
     * The same, for a kind that signs what it sends to the processor (a webhook): {@code key} is the processor's own
     * key pair, the one that signs its outcomes. The core calls this one; kinds that sign nothing keep
     * {@link #create(ProcessorEntry, Settings)}.
     */
    default ProcessorConnector create(ProcessorEntry entry, Settings settings, SigningKeyPair key) {
        return create(entry, settings);
    }
}
