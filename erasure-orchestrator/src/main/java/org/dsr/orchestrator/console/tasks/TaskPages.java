package org.dsr.orchestrator.console.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.json.Json;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.console.tasks.ConnectorTasksClient.CallFailed;
import org.dsr.orchestrator.console.tasks.ConnectorTasksClient.CategoryOutcome;
import org.dsr.orchestrator.console.tasks.ConnectorTasksClient.Completion;
import org.dsr.orchestrator.console.tasks.ConnectorTasksClient.Task;
import org.dsr.orchestrator.saga.SagaRepository;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * The operators' manual tasks (kind manual of the connector, docs/connectors/manual.md): the open tasks with the
 * request's own deadline next to the vendor's respond-by, a page per task (what to ask, of whom), and the completion
 * behind the console's confirm step (the vendor's answer per category, the confirmation as text or file, and a
 * reason recorded with the operator's name). The connector is called with the operator's own token: it checks the
 * role and names the operator in the evidence it signs; the console holds no task data of its own.
 */
@Path("/ui/tasks")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.TEXT_HTML)
public class TaskPages {

    private static final Logger LOG = Logger.getLogger(TaskPages.class);
    static final long MAX_FILE_BYTES = 5L * 1024 * 1024;

    /** A task in the list, with its request's deadline (null when the orchestrator has no saga for it). */
    public record TaskRow(Task task, Instant requestDueAt) {}

    /** What the operator entered for one category, shown again with the connector's refusal. */
    public record Entered(String status, String legalBasis, String retainUntil, String reason) {}

    @CheckedTemplate(basePath = "console/tasks")
    static class Templates {
        static native TemplateInstance tasks(List<TaskRow> rows, String error);

        static native TemplateInstance task(Task task);

        static native TemplateInstance complete(
                Task task, Map<String, Entered> entered, String vendorReference, String reason, List<String> errors);

        static native TemplateInstance completed(String message);
    }

    private final ConnectorTasksClient connector;
    private final JsonWebToken jwt;
    private final SagaRepository sagas;

    public TaskPages(@RestClient ConnectorTasksClient connector, JsonWebToken jwt, SagaRepository sagas) {
        this.sagas = sagas;
        this.connector = connector;
        this.jwt = jwt;
    }

    @GET
    public Uni<TemplateInstance> tasks() {
        return connector
                .open(bearer())
                .flatMap(tasks -> deadlines(tasks)
                        .map(due -> Templates.tasks(
                                tasks.stream()
                                        .map(t -> new TaskRow(t, due.get(t.requestId())))
                                        .toList(),
                                null)))
                .onFailure()
                .recoverWithItem(e -> Templates.tasks(List.of(), unreachable(e)));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> task(@PathParam("id") String id) {
        return withTask(
                id,
                task -> Uni.createFrom().item(Response.ok(Templates.task(task)).build()));
    }

    /** The confirm step: the form to record the vendor's answer. */
    @GET
    @Path("/{id}/confirm")
    public Uni<Response> confirm(@PathParam("id") String id) {
        return withTask(
                id,
                task -> Uni.createFrom()
                        .item(Response.ok(Templates.complete(task, Map.of(), "", "", List.of()))
                                .build()));
    }

    /**
     * Records the completion at the connector. The file, if any, is read here and sent on as base64; the console
     * keeps nothing of it. A refusal comes back as the form with the connector's field messages (200, so htmx swaps
     * it in; {@code Dsr-Action-Status} says what happened).
     */
    @POST
    @Path("/{id}/complete")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<Response> complete(@PathParam("id") String id, MultipartFormDataInput form) {
        Map<String, Collection<FormValue>> values = form.getValues();
        String reason = text(values, "reason");
        String reference = text(values, "vendorReference");
        List<String> errors = new ArrayList<>();
        byte[] file = file(values, errors);
        String operator = jwt.getName();
        return withTask(id, task -> {
            Map<String, Entered> entered = new LinkedHashMap<>();
            Map<String, CategoryOutcome> outcomes = new LinkedHashMap<>();
            for (ConnectorTasksClient.TaskCategory c : task.categories()) {
                Entered e = new Entered(
                        text(values, "status." + c.category()),
                        text(values, "legalBasis." + c.category()),
                        text(values, "retainUntil." + c.category()),
                        text(values, "reason." + c.category()));
                entered.put(c.category(), e);
                outcomes.put(
                        c.category(), new CategoryOutcome(e.status(), e.legalBasis(), e.retainUntil(), e.reason()));
            }
            if (reason == null) {
                errors.add("reason: required, recorded with your name and the time");
            }
            if (!errors.isEmpty()) {
                return Uni.createFrom().item(refused(task, entered, reference, reason, 400, errors));
            }
            Completion completion = new Completion(
                    text(values, "confirmationText"),
                    file == null ? null : Base64.getEncoder().encodeToString(file),
                    reference,
                    outcomes,
                    reason);
            return connector
                    .complete(bearer(), task.id(), completion)
                    .map(done -> {
                        LOG.infof(
                                "console: task %s (request %s) completed by %s", task.id(), task.requestId(), operator);
                        return Response.ok(Templates.completed(
                                        "Task completed: " + done.outcomes().size()
                                                + " categories answered, recorded as " + operator + "."))
                                .header("HX-Trigger", "action-done")
                                .build();
                    })
                    .onFailure(CallFailed.class)
                    .recoverWithItem(e -> {
                        CallFailed failed = (CallFailed) e;
                        return refused(task, entered, reference, reason, failed.status(), messages(failed));
                    });
        });
    }

    /**
     * Reads the task from the connector and goes on with it: 404 when the id is no task id or the connector does
     * not know it, 502 with a message when the connector cannot be asked.
     */
    private Uni<Response> withTask(String id, Function<Task, Uni<Response>> then) {
        UUID taskId = uuid(id);
        if (taskId == null) {
            return Uni.createFrom().item(notFound());
        }
        return connector
                .one(bearer(), taskId)
                .onItemOrFailure()
                .transformToUni((task, e) -> e == null
                        ? then.apply(task)
                        : Uni.createFrom()
                                .item(
                                        e instanceof CallFailed f && f.status() == 404
                                                ? notFound()
                                                : Response.status(502)
                                                        .entity(Templates.completed(unreachable(e)))
                                                        .build()));
    }

    private static Response refused(
            Task task, Map<String, Entered> entered, String reference, String reason, int status, List<String> errors) {
        return Response.ok(Templates.complete(
                        task, entered, reference == null ? "" : reference, reason == null ? "" : reason, errors))
                .header("Dsr-Action-Status", status)
                .build();
    }

    /** The request deadline of each task's saga, read from the orchestrator's own database. */
    private Uni<Map<UUID, Instant>> deadlines(List<Task> tasks) {
        List<UUID> ids = tasks.stream().map(Task::requestId).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.withSession(() -> sagas.list("requestId in ?1", ids)).map(sagas -> {
            Map<UUID, Instant> due = new LinkedHashMap<>();
            sagas.forEach(s -> due.put(s.requestId, s.dueAt));
            return due;
        });
    }

    /** The connector's problem as lines for the form: its field messages, else its detail. */
    static List<String> messages(CallFailed failed) {
        List<String> out = new ArrayList<>();
        try {
            JsonNode problem = failed.problem() == null ? null : Json.MAPPER.readTree(failed.problem());
            if (problem != null) {
                problem.path("errors")
                        .forEach(e -> out.add(e.path("field").asText() + ": "
                                + e.path("message").asText()));
                if (out.isEmpty() && problem.hasNonNull("detail")) {
                    out.add(problem.get("detail").asText());
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not problem+json: fall through to the status
        }
        if (out.isEmpty()) {
            out.add(
                    failed.status() == 403
                            ? "The connector refused: your role may not complete tasks."
                            : "The connector answered " + failed.status() + ".");
        }
        return out;
    }

    private String bearer() {
        return "Bearer " + jwt.getRawToken();
    }

    private static String unreachable(Throwable e) {
        LOG.warnf(
                "console: the connector's tasks could not be read (%s)",
                e instanceof CallFailed f
                        ? "status " + f.status()
                        : e.getClass().getName());
        return "The connector's tasks cannot be read right now"
                + (e instanceof CallFailed f ? " (it answered " + f.status() + ")" : "") + ".";
    }

    private static String text(Map<String, Collection<FormValue>> values, String name) {
        Collection<FormValue> found = values.get(name);
        if (found == null || found.isEmpty()) {
            return null;
        }
        FormValue value = found.iterator().next();
        if (value.isFileItem() || value.getValue() == null || value.getValue().isBlank()) {
            return null;
        }
        return value.getValue().strip();
    }

    private static byte[] file(Map<String, Collection<FormValue>> values, List<String> errors) {
        Collection<FormValue> found = values.get("confirmationFile");
        if (found == null || found.isEmpty() || !found.iterator().next().isFileItem()) {
            return null;
        }
        try {
            var item = found.iterator().next().getFileItem();
            if (item.getFileSize() == 0) {
                return null;
            }
            if (item.getFileSize() > MAX_FILE_BYTES) {
                errors.add("confirmationFile: must be at most 5 MiB");
                return null;
            }
            try (InputStream in = item.getInputStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the uploaded confirmation cannot be read", e);
        }
    }

    private static Response notFound() {
        return Response.status(404)
                .entity(Templates.completed("No such task: it may have been completed."))
                .build();
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
