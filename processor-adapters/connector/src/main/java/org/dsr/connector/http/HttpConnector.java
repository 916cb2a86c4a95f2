package org.dsr.connector.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.http.HttpTemplate.Find;
import org.dsr.connector.http.HttpTemplate.Request;
import org.dsr.connector.http.HttpTemplate.Step;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.InterruptedAttempts;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;

/**
 * One SaaS processor driven by its {@link HttpTemplate}. Per category of a command, in the template's order (so a
 * template can erase what hangs off an object before the object): find the subject's objects, record how many in the
 * attempt journal, act on each, read again to verify. A vendor that answers with a job makes the category PENDING;
 * {@link #resume} polls the job and verifies by object id when it is done. What the vendor answered is the evidence;
 * a vendor failure is the category's failure (retryable or not), with the answers so far.
 */
final class HttpConnector implements ProcessorConnector {

    private static final Duration JOURNAL_WAIT = Duration.ofSeconds(30);

    private final String processor;
    private final HttpTemplate template;
    private final VendorClient client;

    HttpConnector(String processor, HttpTemplate template, VendorClient client) {
        this.processor = processor;
        this.template = template;
        this.client = client;
    }

    @Override
    public String processor() {
        return processor;
    }

    @Override
    public Map<String, Set<Action>> categories() {
        Map<String, Set<Action>> out = new LinkedHashMap<>();
        template.categories().forEach((category, steps) -> out.put(category, Set.copyOf(steps.keySet())));
        return out;
    }

    @Override
    public Uni<List<StepResult>> execute(CommandContext command) {
        // many small requests in order, with waits for rate limits: a worker thread, never the event loop
        return Uni.createFrom().item(() -> run(command)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @Override
    public Uni<StepResult> resume(PendingStep step) {
        return Uni.createFrom().item(() -> poll(step)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<StepResult> run(CommandContext command) {
        Map<String, Long> previous = journal(command.journal().previous().orElse(null));
        Map<String, Long> found = new LinkedHashMap<>(previous);
        Map<String, List<String>> values = new HashMap<>();
        for (Identifier id : command.identifiers()) {
            List<String> of = values.computeIfAbsent(id.type().name(), t -> new ArrayList<>());
            if (!of.contains(id.value())) {
                of.add(id.value()); // a subject may have several of one type: every one is asked by
            }
        }
        List<String> order = new ArrayList<>(template.categories().keySet());
        List<CategoryCommand> categories = new ArrayList<>(command.categories());
        categories.sort(Comparator.comparingInt(c -> order.indexOf(c.category())));
        List<StepResult> results = new ArrayList<>();
        String unavailableAt = null;
        for (CategoryCommand category : categories) {
            Step step = template.categories().get(category.category()).get(category.action());
            List<Evidence.Exchange> log = new ArrayList<>();
            StepResult result;
            if (unavailableAt != null) {
                // The template's order is the vendor's order (a contact is deleted after what hangs off it): going on
                // after a retryable failure turns the vendor's "delete those first" into a permanent failure.
                result = StepResult.of(
                        category.category(),
                        CategoryResult.failed(
                                true,
                                "not asked: " + unavailableAt
                                        + " failed retryably before it, and categories run in the template's order",
                                "not verified: the vendor was not asked"));
            } else {
                try {
                    result = act(category, step, values, log, objects -> {
                        found.put(category.category(), (long) objects);
                        command.journal().record(Json.write(found)).await().atMost(JOURNAL_WAIT);
                    });
                } catch (VendorFailure f) {
                    result = StepResult.of(
                            category.category(),
                            CategoryResult.failed(
                                            f.retryable(),
                                            f.getMessage(),
                                            "not verified: the vendor's answers are the evidence")
                                    .withExchanges(log));
                    if (f.retryable()) {
                        unavailableAt = category.category();
                    }
                }
            }
            Long before = previous.get(category.category());
            results.add(
                    before == null
                            ? result
                            : new StepResult(
                                    result.category(),
                                    InterruptedAttempts.credit(before, result.result()),
                                    result.resumeState()));
        }
        return results;
    }

    private StepResult act(
            CategoryCommand category,
            Step step,
            Map<String, List<String>> values,
            List<Evidence.Exchange> log,
            java.util.function.IntConsumer beforeActing) {
        List<String> notes = new ArrayList<>();
        List<String> objects = null;
        if (step.action() == Action.DEFERRED_ERASE) {
            objects = category.retentionHandles() == null ? List.of() : List.copyOf(category.retentionHandles());
            notes.add(objects.size() + " retention handles");
        } else if (!step.find().isEmpty()) {
            objects = find(step.find(), values, "find", log);
            notes.add(
                    "find (" + step.find().get(step.find().size() - 1).request().text() + ") found " + objects.size());
        }
        if (objects != null && objects.isEmpty()) {
            return StepResult.of(category.category(), finish(step, List.of(), 0, 0, notes, log));
        }
        if (step.act().isEmpty()) {
            notes.add("kept as they are");
            return StepResult.of(category.category(), finish(step, objects, objects.size(), 0, notes, log));
        }
        if (objects != null) {
            beforeActing.accept(objects.size());
        }
        long acted = 0;
        for (int i = 0; i < step.act().size(); i++) {
            Request request = step.act().get(i);
            long done = 0;
            List<Map<String, String>> each = combinations(request, values);
            if (request.uses("id")) {
                for (String id : objects) {
                    boolean ok = false;
                    for (Map<String, String> v : each) {
                        VendorClient.Answer answer = send("act", request, with(v, "id", id), log);
                        tag(log, List.of(id));
                        ok |= answer.ok();
                    }
                    done += ok ? 1 : 0;
                }
            } else {
                // for all objects at once ({ids}) or for the subject: once per identifier value it names
                List<VendorClient.Answer> accepted = new ArrayList<>();
                for (Map<String, String> v : each) {
                    VendorClient.Answer answer =
                            send("act", request, objects == null ? v : with(v, "ids", String.join(",", objects)), log);
                    tag(log, objects);
                    if (answer.ok()) {
                        accepted.add(answer);
                    }
                }
                done = objects == null ? accepted.size() : accepted.isEmpty() ? 0 : objects.size();
                if (step.async() != null && !accepted.isEmpty()) {
                    return pending(category.category(), step, accepted, objects, done, log);
                }
            }
            if (i == 0) {
                acted = done;
            }
            notes.add("act (" + request.text() + ") answered 2xx for " + done);
        }
        long remaining = remaining(step, values, objects, notes, log);
        return StepResult.of(category.category(), finish(step, objects, acted, remaining, notes, log));
    }

    private StepResult pending(
            String category,
            Step step,
            List<VendorClient.Answer> answers,
            List<String> objects,
            long acted,
            List<Evidence.Exchange> log) {
        List<String> jobs = new ArrayList<>();
        for (VendorClient.Answer answer : answers) {
            String job = JsonPath.first(answer.json(), step.async().job());
            if (job == null) {
                throw new VendorFailure(
                        false,
                        "the vendor answered no job id to act ("
                                + answer.request().text() + "), status " + answer.status());
            }
            jobs.add(job);
        }
        ResumeState state = new ResumeState(
                jobs.get(0),
                objects == null ? List.of() : objects,
                acted,
                log,
                jobs.size() > 1 ? List.copyOf(jobs) : null);
        return new StepResult(
                category,
                CategoryResult.pending(
                                acted,
                                Instant.now().plus(step.async().expected()),
                                "the vendor accepted the work as a job; verified when the job is done")
                        .withExchanges(log),
                Json.write(state));
    }

    /**
     * What a pending category carries until its job is done: the job and the vendor's own object ids only.
     * {@code jobs}: all jobs when an act for the subject ran once per identifier value (null when one: then
     * {@code job} alone, as resume states written before several values were covered).
     */
    record ResumeState(String job, List<String> ids, long acted, List<Evidence.Exchange> exchanges, List<String> jobs) {

        List<String> all() {
            return jobs == null || jobs.isEmpty() ? List.of(job) : jobs;
        }
    }

    private StepResult poll(PendingStep pending) {
        Map<Action, Step> steps = template.categories().get(pending.category());
        Step step = steps == null ? null : steps.get(pending.action());
        if (step == null || step.async() == null) {
            return StepResult.of(
                    pending.category(),
                    CategoryResult.failed(
                            false,
                            "the template no longer polls " + pending.action() + " on " + pending.category(),
                            "not verified"));
        }
        ResumeState state = Json.read(pending.resumeState(), ResumeState.class);
        List<Evidence.Exchange> log = new ArrayList<>(state.exchanges() == null ? List.of() : state.exchanges());
        HttpTemplate.Async async = step.async();
        try {
            String value = null;
            for (String job : state.all()) {
                VendorClient.Answer answer = send("poll", async.poll(), Map.of("job", job), log);
                if (answer.gone()) {
                    throw new VendorFailure(false, "the vendor no longer knows the job (" + answer.status() + ")");
                }
                value = JsonPath.first(answer.json(), async.state());
                if (async.failed().contains(value)) {
                    throw new VendorFailure(false, "the vendor's job ended " + value);
                }
                if (!async.done().contains(value)) {
                    return new StepResult(
                            pending.category(),
                            CategoryResult.pending(
                                    state.acted(),
                                    Instant.now().plus(async.every()),
                                    "the vendor's job is not done yet"),
                            pending.resumeState());
                }
            }
            List<String> notes = new ArrayList<>();
            notes.add(
                    state.all().size() == 1
                            ? "the vendor's job ended " + value
                            : "the vendor's " + state.all().size() + " jobs ended " + value);
            List<String> objects = state.ids().isEmpty() ? null : state.ids();
            long remaining = step.verify() == null ? 0 : remaining(step, Map.of(), objects, notes, log);
            if (step.verify() == null) {
                notes.add("the vendor offers no read to verify: its job's state is the evidence");
            }
            return StepResult.of(pending.category(), finish(step, objects, state.acted(), remaining, notes, log));
        } catch (VendorFailure f) {
            if (f.retryable()) {
                throw f; // the pending job asks again later, with backoff
            }
            return StepResult.of(
                    pending.category(),
                    CategoryResult.failed(false, f.getMessage(), "not verified: the vendor's answers are the evidence")
                            .withExchanges(log));
        }
    }

    /** The read after the action: how many objects are not as the action should have left them. */
    private long remaining(
            Step step,
            Map<String, List<String>> values,
            List<String> objects,
            List<String> notes,
            List<Evidence.Exchange> log) {
        HttpTemplate.Verify verify = step.verify();
        if (verify == null || verify.request() == null) {
            List<String> left = find(step.find(), values, "verify", log);
            notes.add("verify: the find again found " + left.size());
            return left.size();
        }
        Request request = verify.request();
        long there = 0;
        long asked;
        List<Map<String, String>> each = combinations(request, values);
        if (request.uses("id")) {
            asked = objects.size();
            for (String id : objects) {
                boolean here = false;
                for (Map<String, String> v : each) {
                    VendorClient.Answer answer = send("verify", request, with(v, "id", id), log);
                    tag(log, List.of(id));
                    here |= present(verify, answer, log, new LinkedHashSet<>()) > 0;
                }
                there += here ? 1 : 0;
            }
        } else {
            // once per identifier value (each is one subject's entry to read back); a list answer's ids counted once
            asked = each.size();
            Set<String> listed = new LinkedHashSet<>();
            for (Map<String, String> v : each) {
                there += present(verify, send("verify", request, v, log), log, listed);
            }
            if (verify.ids() != null) {
                there = listed.size();
            }
        }
        long remaining = verify.present() ? Math.max(0, asked - there) : there;
        notes.add("verify (" + request.text() + ") found " + there + (verify.present() ? " in place" : " left"));
        return remaining;
    }

    /** How many objects one verify answer shows. */
    private static long present(
            HttpTemplate.Verify verify, VendorClient.Answer answer, List<Evidence.Exchange> log, Set<String> listed) {
        if (!answer.ok()) {
            return 0;
        }
        if (verify.ids() != null) {
            List<String> ids = JsonPath.values(answer.json(), verify.ids());
            tag(log, ids);
            listed.addAll(ids);
            return ids.size();
        }
        if (verify.goneWhen() != null && JsonPath.truthy(answer.json(), verify.goneWhen())
                || verify.presentWhen() != null && !JsonPath.truthy(answer.json(), verify.presentWhen())) {
            return 0;
        }
        return 1;
    }

    /**
     * Runs the find chain: the first request by identifiers, once per identifier value (per combination when it
     * names several types), each later one per id the one before found; the ids found are united, deduplicated.
     */
    private List<String> find(
            List<Find> steps, Map<String, List<String>> values, String stepName, List<Evidence.Exchange> log) {
        Set<String> ids = new LinkedHashSet<>();
        for (Map<String, String> v : combinations(steps.get(0).request(), values)) {
            ids.addAll(pages(steps.get(0), v, stepName, log));
        }
        for (Find step : steps.subList(1, steps.size())) {
            Set<String> next = new LinkedHashSet<>();
            List<Map<String, String>> each = combinations(step.request(), values);
            for (String id : ids) {
                for (Map<String, String> v : each) {
                    next.addAll(pages(step, with(v, "id", id), stepName, log));
                }
            }
            ids = next;
        }
        return List.copyOf(ids);
    }

    /** The most requests one template request becomes for the identifier values of one subject. */
    static final int MAX_COMBINATIONS = 64;

    /**
     * The identifier values one request is sent with: one map per value of the identifier type it names, the cross
     * product when it names several (a vendor's search by e-mail and phone matches one pair; every pair is asked so
     * that none is missed). A type the command does not carry is left out, so filling the request names it missing.
     * A request without identifiers is sent once.
     */
    static List<Map<String, String>> combinations(Request request, Map<String, List<String>> values) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(Map.of());
        for (String type : request.placeholders()) {
            List<String> of = HttpTemplate.IDENTIFIERS.contains(type) ? values.get(type) : null;
            if (of == null || of.isEmpty()) {
                continue;
            }
            if ((long) out.size() * of.size() > MAX_COMBINATIONS) {
                throw new VendorFailure(
                        false,
                        "the subject's identifier values make more than " + MAX_COMBINATIONS + " requests of ("
                                + request.text() + ")");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> before : out) {
                for (String value : of) {
                    next.add(with(before, type, value));
                }
            }
            out = next;
        }
        return out;
    }

    private List<String> pages(Find find, Map<String, String> values, String stepName, List<Evidence.Exchange> log) {
        HttpTemplate.Pages pages = find.pages();
        List<String> out = new ArrayList<>();
        String[] extra = pages != null && "page".equals(pages.type()) ? new String[] {pages.param(), "1"} : null;
        URI url = null;
        for (int page = 1; ; page++) {
            VendorClient.Answer answer = client.send(stepName, find.request(), values, extra, url, log);
            if (answer.gone()) {
                return out; // the vendor's way of saying it found nothing
            }
            JsonNode json = answer.json();
            List<String> ids = JsonPath.values(json, find.ids());
            tag(log, ids);
            out.addAll(ids);
            String next = pages == null
                    ? null
                    : switch (pages.type()) {
                        case "cursor", "next-url" -> JsonPath.first(json, pages.next());
                        case "after-last" ->
                            JsonPath.truthy(json, pages.more()) && !ids.isEmpty() ? ids.get(ids.size() - 1) : null;
                        default -> ids.isEmpty() ? null : Integer.toString(page + 1);
                    };
            if (next == null) {
                return out;
            }
            if (page >= pages.max()) {
                throw new VendorFailure(
                        false, stepName + " (" + find.request().text() + ") has more than " + pages.max() + " pages");
            }
            if ("next-url".equals(pages.type())) {
                try {
                    url = URI.create(next);
                } catch (IllegalArgumentException e) {
                    throw new VendorFailure(false, "the vendor named a next page that is not a URL");
                }
            } else {
                extra = new String[] {pages.param(), next};
            }
        }
    }

    private CategoryResult finish(
            Step step,
            List<String> objects,
            long affected,
            long remaining,
            List<String> notes,
            List<Evidence.Exchange> log) {
        String verification = String.join("; ", notes);
        CategoryResult result;
        if (step.action() == Action.RETAIN) {
            HttpTemplate.Retain retain = step.retain();
            LocalDate until = retain.years() == null
                    ? null
                    : LocalDate.of(LocalDate.now(ZoneOffset.UTC).getYear() + retain.years(), 12, 31);
            result = CategoryResult.retained(
                    affected,
                    remaining,
                    verification,
                    new Retention(retain.legalBasis(), until, objects == null ? List.of() : List.copyOf(objects)));
        } else {
            result = CategoryResult.of(affected, remaining, verification);
        }
        return result.withExchanges(log);
    }

    private VendorClient.Answer send(
            String stepName, Request request, Map<String, String> values, List<Evidence.Exchange> log) {
        return client.send(stepName, request, values, null, null, log);
    }

    /** Names the vendor's object ids on the last answer recorded. */
    private static void tag(List<Evidence.Exchange> log, List<String> ids) {
        if (log.isEmpty() || ids == null || ids.isEmpty()) {
            return;
        }
        Evidence.Exchange last = log.get(log.size() - 1);
        log.set(
                log.size() - 1,
                new Evidence.Exchange(
                        last.step(), last.request(), last.status(), List.copyOf(ids), last.sha256(), last.by()));
    }

    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, Long> journal(String state) {
        if (state == null || state.isBlank()) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(state, new TypeReference<Map<String, Long>>() {});
        } catch (IOException e) {
            return Map.of(); // not ours to read: nothing is credited
        }
    }
}
