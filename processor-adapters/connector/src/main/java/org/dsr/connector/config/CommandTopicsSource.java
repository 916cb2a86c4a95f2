package org.dsr.connector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.dsr.contracts.Topics;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives the {@code commands} channel one topic per processor of the connectors file
 * ({@code mp.messaging.incoming.commands.topics=dsr.commands.a,dsr.commands.b}), so the processors are configuration
 * in one place. Reads only the names; a file that cannot be read gives no topics here and is reported, entry by
 * entry, by {@link org.dsr.connector.hosted.HostedProcessors} as the start fails.
 */
public class CommandTopicsSource implements ConfigSourceFactory {

    static final String PROPERTY = "mp.messaging.incoming.commands.topics";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue file = context.getValue("dsr.connector.file");
        List<String> topics = file == null || file.getValue() == null ? List.of() : topics(Path.of(file.getValue()));
        if (topics.isEmpty()) {
            return List.of();
        }
        return List.of(
                new MapBackedConfigSource(
                        "connector command topics", Map.of(PROPERTY, String.join(",", topics)), 260) {});
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(260);
    }

    static List<String> topics(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
            List<String> topics = new ArrayList<>();
            for (Iterator<String> it = root.path("processors").fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (ConnectorsFile.PROCESSOR_NAME.matcher(name).matches()) {
                    topics.add(Topics.commands(name));
                }
            }
            return topics;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
