package org.dsr.connector.config;

import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One processor as declared in the connectors file.
 *
 * @param name     the processor's name, as the policy spells it
 * @param kind     how it is reached ({@code sql}, {@code http}...)
 * @param settings the kind's settings, read through {@link Settings}
 * @param path     where the entry is, for error lines: {@code processors[pagila]}
 * @param baseDir  the connectors file's directory: relative file names in settings are resolved against it
 */
public record ProcessorEntry(String name, String kind, JsonNode settings, String path, Path baseDir) {}
