package org.dsr.orchestrator.console.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.json.Json;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.operator.SagaViews.Counts;
import org.dsr.orchestrator.console.operator.SagaViews.SagaDetail;
import org.dsr.orchestrator.console.operator.SagaViews.SagaRow;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.saga.OperatorService;
import org.dsr.orchestrator.saga.SagaStatus;

/**
 * The operator console: the live saga list with counts and filters, a page per request with its timeline and the
 * hand actions (each confirmed, each done through {@link OperatorService}, which records who, when and why), and
 * the deadline view. Server-rendered with Qute; htmx swaps the parts that change.
 */
@Path("/ui")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.TEXT_HTML)
public class SagaPages {

    static final int LIST_LIMIT = 200;

    /** An operator action as the page offers it. */
    public enum ActionKind {
        RETRY("Retry step", "Dispatch the command to this processor again now (same command id, next attempt).", true),
        MARK_DONE(
                "Mark step done",
                "Record that the processor acted by other means. Your note becomes the "
                        + "evidence of an unsigned outcome in the completion record.",
                true),
        CANCEL(
                "Cancel request",
                "Close the request without further action. Processors that already acted are " + "not rolled back.",
                false),
        EXTEND(
                "Extend deadline",
                "Art. 12(3): once, by one or two further months. Tell the subject within the "
                        + "first month, and why.",
                false);

        public final String title;
        public final String explanation;
        public final boolean perStep;

        ActionKind(String title, String explanation, boolean perStep) {
            this.title = title;
            this.explanation = explanation;
            this.perStep = perStep;
        }

        public String confirmLabel() {
            return "Confirm: " + title.toLowerCase(java.util.Locale.ROOT);
        }

        public String path() {
            return name().toLowerCase().replace('_', '-');
        }

        static ActionKind of(String path) {
            return Arrays.stream(values())
                    .filter(a -> a.path().equals(path))
                    .findFirst()
                    .orElse(null);
        }
    }

    @CheckedTemplate(basePath = "console/operator")
    static class Templates {
        static native TemplateInstance sagas(
                SagaFilter filter,
                Counts counts,
                List<SagaRow> rows,
                List<String> processors,
                List<SagaStatus> statuses,
                String query,
                int limit);

        static native TemplateInstance sagas$live(
                SagaFilter filter, Counts counts, List<SagaRow> rows, String query, int limit);

        static native TemplateInstance saga(SagaDetail detail);

        static native TemplateInstance saga$live(SagaDetail detail);

        static native TemplateInstance confirm(
                UUID requestId, ActionKind action, String processor, String reason, String error);

        static native TemplateInstance done(String message);

        static native TemplateInstance notFound(String what);

        static native TemplateInstance deadlines(
                List<SagaRow> overdue, List<SagaRow> atRisk, List<SagaRow> dueThisWeek);

        static native TemplateInstance deadlines$live(
                List<SagaRow> overdue, List<SagaRow> atRisk, List<SagaRow> dueThisWeek);
    }

    private final SagaQueries queries;
    private final OperatorService operators;
    private final SagaChangeFeed feed;
    private final List<String> processors;

    public SagaPages(SagaQueries queries, OperatorService operators, SagaChangeFeed feed, Policy policy) {
        this.queries = queries;
        this.operators = operators;
        this.feed = feed;
        this.processors =
                policy.processors().stream().map(Policy.Processor::name).toList();
    }

    @GET
    @Path("/sagas")
    public Uni<TemplateInstance> sagas(
            @QueryParam("status") String status,
            @QueryParam("processor") String processor,
            @QueryParam("overdue") String overdue,
            @QueryParam("atRisk") String atRisk,
            @QueryParam("jurisdiction") String jurisdiction,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Context UriInfo uri) {
        SagaFilter filter = SagaFilter.parse(status, processor, overdue, atRisk, jurisdiction, from, to, processors);
        String query = query(uri);
        return Uni.combine()
                .all()
                .unis(queries.counts(), queries.list(filter, SagaQueries.Order.NEWEST_FIRST, LIST_LIMIT))
                .with((counts, rows) -> Templates.sagas(
                        filter, counts, rows, processors, List.of(SagaStatus.values()), query, LIST_LIMIT));
    }

    /** The live part of the list (counts and rows), reloaded by htmx when the stream says a saga changed. */
    @GET
    @Path("/sagas/live")
    public Uni<TemplateInstance> sagasLive(
            @QueryParam("status") String status,
            @QueryParam("processor") String processor,
            @QueryParam("overdue") String overdue,
            @QueryParam("atRisk") String atRisk,
            @QueryParam("jurisdiction") String jurisdiction,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Context UriInfo uri) {
        SagaFilter filter = SagaFilter.parse(status, processor, overdue, atRisk, jurisdiction, from, to, processors);
        String query = query(uri);
        return Uni.combine()
                .all()
                .unis(queries.counts(), queries.list(filter, SagaQueries.Order.NEWEST_FIRST, LIST_LIMIT))
                .with((counts, rows) -> Templates.sagas$live(filter, counts, rows, query, LIST_LIMIT));
    }

    /**
     * Server-sent events: {@code event: saga}, {@code data: {"requestId","status"}} for every saga that changed on
     * any instance, and a comment every 15 s to keep proxies from closing the stream.
     */
    @GET
    @Path("/sagas/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        Multi<OutboundSseEvent> changes = feed.changes()
                .map(change -> sse.newEventBuilder()
                        .name("saga")
                        .mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data(Json.write(change))
                        .build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom()
                .ticks()
                .every(Duration.ofSeconds(15))
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(changes, keepAlive);
    }

    @GET
    @Path("/sagas/{requestId}")
    public Uni<Response> saga(@PathParam("requestId") String requestId) {
        UUID id = uuid(requestId);
        if (id == null) {
            return Uni.createFrom().item(notFound("That is not a request id."));
        }
        return queries.detail(id)
                .map(
                        detail -> detail.isPresent()
                                ? Response.ok(Templates.saga(detail.get())).build()
                                : notFound(
                                        "No saga for that request (yet): the orchestrator starts one when the request arrives."));
    }

    @GET
    @Path("/sagas/{requestId}/live")
    public Uni<Response> sagaLive(@PathParam("requestId") String requestId) {
        UUID id = uuid(requestId);
        if (id == null) {
            return Uni.createFrom().item(Response.status(404).build());
        }
        return queries.detail(id)
                .map(detail -> detail.isPresent()
                        ? Response.ok(Templates.saga$live(detail.get())).build()
                        : Response.status(404).build());
    }

    /** The confirm step of an action: what it does, and the reason (or evidence note) it needs. */
    @GET
    @Path("/sagas/{requestId}/confirm/{action}")
    public Response confirm(
            @PathParam("requestId") String requestId,
            @PathParam("action") String action,
            @QueryParam("processor") String processor) {
        UUID id = uuid(requestId);
        ActionKind kind = ActionKind.of(action);
        if (id == null || kind == null || (kind.perStep && !processors.contains(processor))) {
            return Response.status(404)
                    .entity(Templates.done("Unknown action."))
                    .build();
        }
        return Response.ok(Templates.confirm(id, kind, kind.perStep ? processor : null, "", null))
                .build();
    }

    @POST
    @Path("/sagas/{requestId}/actions/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> act(
            @PathParam("requestId") String requestId,
            @PathParam("action") String action,
            @FormParam("processor") String processor,
            @FormParam("reason") String reason,
            @FormParam("months") String months,
            @Context SecurityContext security) {
        UUID id = uuid(requestId);
        ActionKind kind = ActionKind.of(action);
        if (id == null || kind == null || (kind.perStep && !processors.contains(processor))) {
            return Uni.createFrom()
                    .item(Response.status(404)
                            .entity(Templates.done("Unknown action."))
                            .build());
        }
        String actor = security.getUserPrincipal().getName();
        String why = reason == null ? "" : reason.strip();
        Uni<Void> work = switch (kind) {
            case RETRY -> operators.retryStep(id, processor, actor, why);
            case MARK_DONE -> operators.markDone(id, processor, actor, why);
            case CANCEL -> operators.cancel(id, actor, why);
            case EXTEND -> operators.extendDeadline(id, parseMonths(months), actor, why);
        };
        String step = kind.perStep ? " (" + processor + ")" : "";
        return work.map(ignored -> Response.ok(Templates.done(kind.title + step + ": done, recorded as " + actor + "."))
                        .header("HX-Trigger", "action-done")
                        .build())
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> {
                    var problem = ((ProblemException) e).problem();
                    String message = problem.detail() == null ? problem.title() : problem.detail();
                    // 200 so that htmx swaps the form back in with the message; the status says what happened
                    return Response.ok(Templates.confirm(id, kind, kind.perStep ? processor : null, why, message))
                            .header("Dsr-Action-Status", problem.status())
                            .build();
                });
    }

    @GET
    @Path("/deadlines")
    public Uni<TemplateInstance> deadlines() {
        return deadlineRows().map(rows -> Templates.deadlines(rows.get(0), rows.get(1), rows.get(2)));
    }

    @GET
    @Path("/deadlines/live")
    public Uni<TemplateInstance> deadlinesLive() {
        return deadlineRows().map(rows -> Templates.deadlines$live(rows.get(0), rows.get(1), rows.get(2)));
    }

    private Uni<List<List<SagaRow>>> deadlineRows() {
        return Uni.combine()
                .all()
                .unis(
                        queries.list(SagaFilter.NONE.onlyOverdue(), SagaQueries.Order.DUE_FIRST, LIST_LIMIT),
                        queries.list(SagaFilter.NONE.onlyAtRisk(), SagaQueries.Order.DUE_FIRST, LIST_LIMIT),
                        queries.list(SagaFilter.NONE.dueWithinAWeek(), SagaQueries.Order.DUE_FIRST, LIST_LIMIT))
                .with((overdue, atRisk, week) -> List.of(overdue, atRisk, week));
    }

    private static int parseMonths(String months) {
        try {
            return months == null ? 0 : Integer.parseInt(months.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Response notFound(String what) {
        return Response.status(404).entity(Templates.notFound(what)).build();
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static String query(UriInfo uri) {
        String raw = uri.getRequestUri().getRawQuery();
        return raw == null ? "" : raw;
    }
}
