package org.dsr.connector.webhook;

import java.util.UUID;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.mutiny.Uni;
import org.dsr.connector.hosted.HostedProcessor;
import org.dsr.connector.hosted.HostedProcessors;
import org.dsr.connector.pending.PendingStepJob;
import org.dsr.connector.pending.PendingSteps;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/webhooks/{processor}/callbacks/{stepId}}: a webhook service's final answer for a category it
 * answered PENDING. 204 when it finished the step; otherwise an RFC 9457 problem and nothing changes: 401 for a
 * signature that is not the service's pinned key or a stale timestamp, 400 for a body off the wire format, 404 for a
 * processor or step id this connector does not know, 409 for a step that is no longer open, and 503 with
 * {@code Retry-After} for a step that is not open yet: a fast service calls back before the connector has committed
 * the step it answered 202 for, and that callback must be sent again rather than lost.
 */
@Path(WebhookCallbackResource.PATH)
public class WebhookCallbackResource {

    public static final String PATH = "/api/v1/webhooks/{processor}/callbacks/{stepId}";
    private static final Logger LOG = Logger.getLogger(WebhookCallbackResource.class);

    private final HostedProcessors hosted;
    private final PendingStepJob job;
    private final PendingSteps steps;

    public WebhookCallbackResource(HostedProcessors hosted, PendingStepJob job, PendingSteps steps) {
        this.hosted = hosted;
        this.job = job;
        this.steps = steps;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> callback(
            @PathParam("processor") String processor,
            @PathParam("stepId") String stepId,
            @HeaderParam(WebhookSignatures.TIMESTAMP) String timestamp,
            @HeaderParam(WebhookSignatures.SIGNATURE) String signature,
            byte[] body) {
        HostedProcessor p = hosted.get(processor);
        UUID step = uuid(stepId);
        if (p == null || step == null || !(p.connector() instanceof WebhookConnector webhook)) {
            throw problem(404, "unknown-step", "Unknown step", "No webhook processor has this step");
        }
        WebhookConnector.Callback answer =
                webhook.callback(step, timestamp, signature, body == null ? new byte[0] : body);
        if (answer instanceof WebhookConnector.Refused r) {
            LOG.warnf("callback for step %s of %s refused: %d %s", step, p.name(), r.status(), r.slug());
            throw problem(r.status(), r.slug(), r.title(), r.detail());
        }
        WebhookConnector.Accepted accepted = (WebhookConnector.Accepted) answer;
        return job.complete(step, accepted.result()).flatMap(done -> {
            if (done) {
                LOG.infof("callback for step %s of %s accepted", step, p.name());
                return Uni.createFrom().item(Response.noContent().build());
            }
            return steps.exists(step).map(recorded -> {
                if (recorded) {
                    throw problem(
                            409,
                            "step-not-open",
                            "Step not open",
                            "The step is already finished, or is being finished now");
                }
                LOG.infof("callback for step %s of %s came before the step was recorded: asked again", step, p.name());
                return Response.status(503)
                        .type(Problem.MEDIA_TYPE)
                        .header("Retry-After", "1")
                        .entity(Problem.of(
                                "step-not-open-yet",
                                "Step not open yet",
                                503,
                                "The connector is still"
                                        + " recording the answer this callback finishes; send it again",
                                PATH.replace("{processor}", p.name()).replace("{stepId}", step.toString())))
                        .build();
            });
        });
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ProblemException problem(int status, String slug, String title, String detail) {
        return new ProblemException(Problem.of(slug, title, status, detail, null));
    }
}
