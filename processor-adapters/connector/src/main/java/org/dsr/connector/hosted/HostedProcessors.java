package org.dsr.connector.hosted;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.dsr.connector.config.ConfigErrors;
import org.dsr.connector.config.ConnectorConfig;
import org.dsr.connector.config.ConnectorsFile;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.ConnectorKind;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.kit.config.DsrConfig;
import org.dsr.kit.keys.SigningKeyPair;
import org.jboss.logging.Logger;

/**
 * Every processor of the connectors file, built at start by its kind. The start fails with one line per bad entry
 * (unknown kind, missing secret, a database that cannot be reached, a data map that does not fit its schema...), so a
 * connector never runs with half its processors. Each processor gets its own Ed25519 key pair in the keys directory
 * ({@code <processor>-signing.key}, {@code <processor>.pub}), as a separate adapter would.
 */
@ApplicationScoped
public class HostedProcessors {

    private static final Logger LOG = Logger.getLogger(HostedProcessors.class);

    private final ConnectorConfig config;
    private final DsrConfig dsr;
    private final Map<String, ConnectorKind> kinds = new LinkedHashMap<>();
    private final Function<String, String> environment;
    private volatile Map<String, HostedProcessor> hosted;

    @Inject
    public HostedProcessors(ConnectorConfig config, DsrConfig dsr, Instance<ConnectorKind> kinds) {
        this(config, dsr, kinds, System::getenv);
    }

    HostedProcessors(
            ConnectorConfig config,
            DsrConfig dsr,
            Iterable<ConnectorKind> kinds,
            Function<String, String> environment) {
        this.config = config;
        this.dsr = dsr;
        kinds.forEach(k -> this.kinds.put(k.name(), k));
        this.environment = environment;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) StartupEvent event) {
        Map<String, HostedProcessor> all = all();
        all.values()
                .forEach(p -> LOG.infof(
                        "processor %s (%s): categories %s, key %s",
                        p.name(),
                        p.kind(),
                        new TreeSet<>(p.connector().categories().keySet()),
                        p.key().keyId()));
    }

    void onStop(@Observes ShutdownEvent event) {
        Map<String, HostedProcessor> h = hosted;
        if (h != null) {
            h.values().forEach(p -> p.connector().close());
        }
    }

    /** The processor of that name, or null when this connector does not host it. */
    public HostedProcessor get(String name) {
        return all().get(name);
    }

    public boolean hosts(String name) {
        return all().containsKey(name);
    }

    public Map<String, HostedProcessor> all() {
        Map<String, HostedProcessor> h = hosted;
        if (h == null) {
            synchronized (this) {
                if (hosted == null) {
                    hosted = load();
                }
                h = hosted;
            }
        }
        return h;
    }

    private Map<String, HostedProcessor> load() {
        String source = config.file().toString();
        List<ProcessorEntry> entries = ConnectorsFile.read(config.file(), Set.copyOf(kinds.keySet()));
        List<String> errors = new ArrayList<>();
        Map<String, ProcessorConnector> built = new LinkedHashMap<>();
        Map<String, SigningKeyPair> keys = new LinkedHashMap<>();
        for (ProcessorEntry entry : entries) {
            Settings settings = Settings.of(entry, errors, environment);
            int before = settings.errorCount();
            ProcessorConnector connector;
            try {
                SigningKeyPair key = SigningKeyPair.loadOrCreate(dsr.keysDir(), entry.name());
                keys.put(entry.name(), key);
                connector = kinds.get(entry.kind()).create(entry, settings, key);
            } catch (RuntimeException e) {
                // a kind's own checks report through settings; anything else still names the entry, never its message,
                // which may quote a setting's value (a secret)
                settings.entryError("cannot be set up: " + e.getClass().getSimpleName());
                LOG.debugf(
                        "processor %s could not be set up: %s at %s",
                        entry.name(),
                        e.getClass().getName(),
                        e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
                connector = null;
            }
            if (connector != null && settings.errorCount() == before) {
                built.put(entry.name(), connector);
            } else if (connector != null) {
                connector.close();
            } else if (settings.errorCount() == before) {
                settings.entryError("the " + entry.kind() + " kind built nothing and said nothing about why");
            }
        }
        if (!errors.isEmpty()) {
            built.values().forEach(ProcessorConnector::close);
            throw new ConfigErrors(source, errors);
        }
        Map<String, HostedProcessor> result = new LinkedHashMap<>();
        for (ProcessorEntry entry : entries) {
            ProcessorConnector connector = built.get(entry.name());
            result.put(entry.name(), new HostedProcessor(entry.kind(), connector, keys.get(entry.name())));
        }
        return java.util.Collections.unmodifiableMap(result);
    }
}
