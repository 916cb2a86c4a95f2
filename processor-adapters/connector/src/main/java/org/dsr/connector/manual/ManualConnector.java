package org.dsr.connector.manual;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.connector.manual.ManualTasks.Task;
import org.dsr.connector.manual.ManualTasks.TaskCategory;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.subject.IdentifierType;
import org.jboss.logging.Logger;

/**
 * A processor with no API: a command becomes one task for an operator (what to ask the vendor, through which
 * contact, by when), every category is answered PENDING until the operator completes the task with the vendor's
 * confirmation ({@link ManualTaskResource}). The subject's identifiers, which the core decrypts for every kind, are
 * not read here: the task names the request and the identifier types, and the operator looks the person up through
 * the request (docs/connectors/manual.md).
 */
public final class ManualConnector implements ProcessorConnector {

    private static final Logger LOG = Logger.getLogger(ManualConnector.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)\\}");

    private final String processor;
    private final ManualConfig config;
    private final ManualTasks tasks;
    private final Map<String, Set<Action>> categories;
    private final Clock clock;

    ManualConnector(String processor, ManualConfig config, ManualTasks tasks, Clock clock) {
        this.processor = processor;
        this.config = config;
        this.tasks = tasks;
        this.clock = clock;
        Map<String, Set<Action>> cats = new LinkedHashMap<>();
        config.categories().forEach((name, c) -> cats.put(name, c.actions()));
        this.categories = java.util.Collections.unmodifiableMap(cats);
    }

    /** The task of a command at a processor: derived, so a re-dispatch finds the same one. */
    public static UUID taskId(UUID commandId, String processor) {
        return UUID.nameUUIDFromBytes(("manual-task|" + commandId + "|" + processor).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String processor() {
        return processor;
    }

    @Override
    public Map<String, Set<Action>> categories() {
        return categories;
    }

    public ManualConfig config() {
        return config;
    }

    @Override
    public Uni<List<StepResult>> execute(CommandContext context) {
        ProcessorCommandV1 command = context.command();
        Instant respondBy = clock.instant().plus(config.respondWithin()).truncatedTo(ChronoUnit.SECONDS);
        UUID id = taskId(command.commandId(), processor);
        List<TaskCategory> acting = new ArrayList<>();
        for (CategoryCommand c : context.categories()) {
            List<String> handles = c.retentionHandles() == null ? List.of() : c.retentionHandles();
            acting.add(new TaskCategory(
                    c.category(),
                    c.action(),
                    handles,
                    PendingStepIds.of(command.commandId(), processor, c.category())));
        }
        List<String> types = command.subject().identifierTypes() == null
                ? List.of()
                : command.subject().identifierTypes().stream()
                        .map(IdentifierType::name)
                        .toList();
        Task task = new Task(
                id,
                processor,
                command.commandId(),
                command.requestId(),
                command.requestType().name(),
                command.jurisdiction().name(),
                types,
                acting,
                config.vendor(),
                config.contact(),
                instructions(id, command, acting, types, respondBy),
                respondBy,
                ManualTasks.OPEN,
                0,
                null,
                null,
                null,
                null,
                null,
                null);
        String asked = "asked of " + config.vendor() + " through operator task " + id + ": not confirmed yet";
        return tasks.add(task)
                .invoke(() -> LOG.infof(
                        "manual task %s for %s (%s), request %s: %s, respond by %s",
                        id,
                        processor,
                        config.vendor(),
                        command.requestId(),
                        acting.stream().map(TaskCategory::category).toList(),
                        respondBy))
                .map(ignored -> acting.stream()
                        .map(c -> new StepResult(
                                c.category(), CategoryResult.pending(0, respondBy, asked), id.toString()))
                        .toList());
    }

    /**
     * Asked when a step's expected completion has come: the operator has not completed the task yet (completing it
     * finishes the step), so it is overdue. A reminder is recorded (once per task) and logged, and the step is
     * answered PENDING again until the next reminder. The orchestrator's own timeout for the processor runs from
     * the expected completion: attempts spent, the request needs attention.
     */
    @Override
    public Uni<StepResult> resume(PendingStep step) {
        UUID id =
                step.resumeState() == null ? taskId(step.commandId(), processor) : UUID.fromString(step.resumeState());
        Instant now = clock.instant();
        if (step.expectedCompletion() != null && now.isBefore(step.expectedCompletion())) {
            return Uni.createFrom()
                    .item(new StepResult(
                            step.category(),
                            CategoryResult.pending(
                                    0,
                                    step.expectedCompletion(),
                                    "asked of " + config.vendor() + ": not confirmed yet"),
                            id.toString()));
        }
        Instant next = now.plus(config.remindEvery()).truncatedTo(ChronoUnit.SECONDS);
        return tasks.find(id).flatMap(found -> {
            if (found.isEmpty() || !found.get().open()) {
                // completing a task finishes its open steps in the same transaction: this one was not in it
                return Uni.createFrom()
                        .item(StepResult.of(
                                step.category(),
                                CategoryResult.failed(
                                        false,
                                        "the operator task " + id
                                                + " does not exist or was completed without this category",
                                        "not confirmed")));
            }
            Task task = found.get();
            return tasks.remind(id, step.expectedCompletion() == null ? now : step.expectedCompletion())
                    .invoke(reminded -> {
                        if (reminded) {
                            LOG.warnf(
                                    "manual task %s for %s (%s), request %s is overdue (respond by %s): reminder"
                                            + " %d, next %s",
                                    id,
                                    processor,
                                    config.vendor(),
                                    task.requestId(),
                                    task.respondBy(),
                                    task.reminders() + 1,
                                    next);
                        }
                    })
                    .map(ignored -> new StepResult(
                            step.category(),
                            CategoryResult.pending(
                                    0,
                                    next,
                                    "asked of " + config.vendor() + ", overdue since " + task.respondBy()
                                            + ": reminded, not confirmed yet"),
                            id.toString()));
        });
    }

    /** The settings' template with its placeholders filled, then each category's own instructions. */
    String instructions(
            UUID taskId, ProcessorCommandV1 command, List<TaskCategory> acting, List<String> types, Instant respondBy) {
        Map<String, String> values = Map.of(
                "vendor",
                config.vendor(),
                "taskId",
                taskId.toString(),
                "requestId",
                command.requestId().toString(),
                "requestType",
                command.requestType().name(),
                "jurisdiction",
                command.jurisdiction().name(),
                "categories",
                acting.stream().map(c -> c.category() + " (" + c.action() + ")").collect(Collectors.joining(", ")),
                "identifierTypes",
                types.isEmpty() ? "no identifiers (the retained records are named below)" : String.join(", ", types),
                "respondBy",
                respondBy.toString());
        StringBuilder out = new StringBuilder(fill(config.instructions(), values));
        for (TaskCategory c : acting) {
            String own = config.categories().get(c.category()).instructions();
            if (!own.isEmpty()) {
                out.append("\n- ")
                        .append(c.category())
                        .append(" (")
                        .append(c.action())
                        .append("): ")
                        .append(fill(own, values));
            }
            if (!c.handles().isEmpty()) {
                out.append("\n- ")
                        .append(c.category())
                        .append(": the records retained under ")
                        .append(String.join(", ", c.handles()));
            }
        }
        return out.toString();
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
