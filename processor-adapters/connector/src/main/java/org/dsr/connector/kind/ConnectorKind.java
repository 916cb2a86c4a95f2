package org.dsr.connector.kind;

import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;

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
}
