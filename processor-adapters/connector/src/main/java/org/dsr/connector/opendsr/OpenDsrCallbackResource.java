package org.dsr.connector.opendsr;

import java.util.UUID;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.hosted.HostedProcessor;
import org.dsr.connector.hosted.HostedProcessors;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.pending.PendingStepJob;
import org.dsr.kit.problem.Problem;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/opendsr/{processor}/callbacks}: an OpenDSR processor's status callback (§8.6). Checked
 * against the certificate pinned in the processor's settings ({@link OpenDsrConnector#callback}), never one the
 * caller names; a refusal is RFC 9457 problem+json (403 for a signature or domain that does not match, 400 for a
 * body that is no status). A {@code completed} or {@code cancelled} status finishes every open step of the command at
 * this processor; {@code pending} and {@code in_progress} are acknowledged and change nothing. Always 202 once
 * verified, also when the steps were already finished (processors retry callbacks, §8.5).
 */
@Path("/api/v1/opendsr/{processor}/callbacks")
public class OpenDsrCallbackResource {

    private static final Logger LOG = Logger.getLogger(OpenDsrCallbackResource.class);

    /** The connector of an OpenDSR processor this connector hosts, or null. */
    interface Connectors {
        OpenDsrConnector get(String processor);
    }

    /** Finishes one open pending step: false when it is not open. */
    interface Steps {
        Uni<Boolean> complete(UUID stepId, CategoryResult result);
    }

    private final Connectors connectors;
    private final Steps steps;

    @Inject
    public OpenDsrCallbackResource(HostedProcessors hosted, PendingStepJob job) {
        this(
                name -> {
                    HostedProcessor p = hosted.get(name);
                    return p != null && p.connector() instanceof OpenDsrConnector c ? c : null;
                },
                job::complete);
    }

    OpenDsrCallbackResource(Connectors connectors, Steps steps) {
        this.connectors = connectors;
        this.steps = steps;
    }

    public record Acknowledged(String subjectRequestId, String requestStatus, int stepsFinished) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Uni<Response> callback(
            @PathParam("processor") String processor,
            @HeaderParam(OpenDsrProtocol.DOMAIN) String domain,
            @HeaderParam(OpenDsrProtocol.SIGNATURE) String signature,
            @HeaderParam(OpenDsrProtocol.LEGACY_DOMAIN) String legacyDomain,
            @HeaderParam(OpenDsrProtocol.LEGACY_SIGNATURE) String legacySignature,
            byte[] body) {
        String path = "/api/v1/opendsr/"
                + (processor != null && processor.matches("[a-z0-9-]{1,63}") ? processor : "(unprintable)")
                + "/callbacks";
        OpenDsrConnector connector = processor == null ? null : connectors.get(processor);
        if (connector == null) {
            return Uni.createFrom()
                    .item(problem(
                            new OpenDsrConnector.Refused(
                                    404, "not-found", "Not Found", "No OpenDSR processor of that name is hosted here"),
                            path));
        }
        OpenDsrConnector.CallbackDecision decision = connector.callback(
                domain != null ? domain : legacyDomain,
                signature != null ? signature : legacySignature,
                body == null ? new byte[0] : body);
        if (decision instanceof OpenDsrConnector.Refused refused) {
            LOG.warnf("OpenDSR callback for %s refused: %s", processor, refused.detail());
            return Uni.createFrom().item(problem(refused, path));
        }
        OpenDsrConnector.Verified verified = (OpenDsrConnector.Verified) decision;
        Uni<Integer> finished = verified.result() == null
                ? Uni.createFrom().item(0)
                : Multi.createFrom()
                        .iterable(connector.categories().keySet())
                        .onItem()
                        .transformToUniAndConcatenate(category -> steps.complete(
                                PendingStepIds.of(verified.commandId(), processor, category), verified.result()))
                        .collect()
                        .asList()
                        .map(done -> (int)
                                done.stream().filter(Boolean::booleanValue).count());
        return finished.map(n -> {
            LOG.infof(
                    "OpenDSR callback for %s, request %s: %s, %d step(s) finished",
                    processor, verified.commandId(), OpenDsrProtocol.printable(verified.requestStatus()), n);
            return Response.accepted(new Acknowledged(
                            verified.commandId().toString(), OpenDsrProtocol.printable(verified.requestStatus()), n))
                    .type(MediaType.APPLICATION_JSON)
                    .build();
        });
    }

    private static Response problem(OpenDsrConnector.Refused refused, String path) {
        return Response.status(refused.status())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(refused.slug(), refused.title(), refused.status(), refused.detail(), path))
                .build();
    }
}
