package org.dsr.orchestrator.console.deadletter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.UiConfig;
import org.dsr.orchestrator.deadletter.DeadLetter;
import org.dsr.orchestrator.deadletter.DeadLetterService;
import org.jboss.logging.Logger;

/** The dead-letter view: the newest records of every {@code .dlq} topic with their reason, and a confirmed replay. */
@Path("/ui/dead-letters")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.TEXT_HTML)
@Blocking
public class DeadLetterPages {

    private static final Logger LOG = Logger.getLogger(DeadLetterPages.class);

    @CheckedTemplate(basePath = "console/deadletter")
    static class Templates {
        static native TemplateInstance deadLetters(
                List<DeadLetter> records, Map<String, Long> perTopic, String topic, int limit, String error);

        static native TemplateInstance confirmReplay(
                String topic, int partition, long offset, String reason, String error);

        static native TemplateInstance replayed(String message, boolean ok);
    }

    private final DeadLetterService deadLetters;
    private final UiConfig config;

    public DeadLetterPages(DeadLetterService deadLetters, UiConfig config) {
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @GET
    public TemplateInstance list(@QueryParam("topic") String topic) {
        String selected = topic != null && deadLetters.topics().contains(topic) ? topic : null;
        List<DeadLetter> all;
        String error = null;
        try {
            all = deadLetters.latest(config.deadLetterLimit());
        } catch (RuntimeException e) {
            LOG.warnf("dead-letter view: Kafka unavailable (%s)", e.getClass().getSimpleName());
            all = List.of();
            error = "Kafka could not be read just now; try again in a moment.";
        }
        Map<String, Long> perTopic = new LinkedHashMap<>();
        for (String t : deadLetters.topics()) {
            perTopic.put(t, 0L);
        }
        all.forEach(d -> perTopic.merge(d.topic(), 1L, Long::sum));
        List<DeadLetter> shown = selected == null
                ? all
                : all.stream().filter(d -> d.topic().equals(selected)).toList();
        return Templates.deadLetters(
                shown, perTopic, selected == null ? "" : selected, config.deadLetterLimit(), error);
    }

    @GET
    @Path("/confirm")
    public TemplateInstance confirm(
            @QueryParam("topic") String topic,
            @QueryParam("partition") int partition,
            @QueryParam("offset") long offset) {
        return Templates.confirmReplay(topic, partition, offset, "", null);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replay(
            @FormParam("topic") String topic,
            @FormParam("partition") int partition,
            @FormParam("offset") long offset,
            @FormParam("reason") String reason,
            @Context SecurityContext security) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            return Response.ok(Templates.confirmReplay(
                            topic, partition, offset, "", "A replay needs a reason: it is recorded with your name."))
                    .header("Dsr-Action-Status", 400)
                    .build();
        }
        String actor = security.getUserPrincipal().getName();
        try {
            return deadLetters
                    .replay(topic, partition, offset, actor, why)
                    .map(r -> Response.ok(Templates.replayed(
                                    "Replayed " + r.record().key() + " to " + r.toTopic() + ", recorded as " + actor
                                            + ".",
                                    true))
                            .header("HX-Trigger", "replayed")
                            .build())
                    .orElseGet(() -> Response.status(404)
                            .entity(Templates.replayed("No such record on a dead-letter topic.", false))
                            .build());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "dead-letter replay of %s/%d/%d failed (%s)",
                    topic, partition, offset, e.getClass().getSimpleName());
            return Response.ok(Templates.confirmReplay(
                            topic, partition, offset, why, "The replay failed; nothing was recorded. Try again."))
                    .header("Dsr-Action-Status", 503)
                    .build();
        }
    }
}
