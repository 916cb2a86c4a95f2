package org.dsr.connector.hosted;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dsr.contracts.event.Action;

/**
 * {@code GET /api/v1/processors}: what this connector hosts, as its connectors file declared it: each processor's kind,
 * signing key id and categories with the actions each accepts, so an operator can hold it against the policy. Names
 * and actions only: no settings, no secrets.
 */
@Path("/api/v1/processors")
public class HostedProcessorsResource {

    public record ProcessorView(String name, String kind, String keyId, Map<String, Set<Action>> categories) {}

    private final HostedProcessors hosted;

    public HostedProcessorsResource(HostedProcessors hosted) {
        this.hosted = hosted;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ProcessorView> processors() {
        return hosted.all().values().stream()
                .map(p -> {
                    Map<String, Set<Action>> categories = new TreeMap<>();
                    p.connector().categories().forEach((name, actions) -> categories.put(name, new TreeSet<>(actions)));
                    return new ProcessorView(p.name(), p.kind(), p.key().keyId(), categories);
                })
                .toList();
    }
}
