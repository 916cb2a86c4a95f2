package org.dsr.connector.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.subject.IdentifierType;

/**
 * A vendor's API as the {@code http} kind drives it: per category and action, how to find the subject's objects,
 * how to act on each and how to read again to verify. Read from YAML and checked whole at start: every bad field is
 * one error line. See {@code docs/connectors/http.md} for the format.
 */
record HttpTemplate(String vendor, URI baseUrl, Map<String, Map<Action, Step>> categories) {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)}");
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static final Set<String> IDENTIFIERS = Arrays.stream(IdentifierType.values())
            .map(Enum::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** One request, as written: {@code text} (method and path with placeholders, no values) is what evidence shows. */
    record Request(String method, String path, JsonNode body, String text) {

        Set<String> placeholders() {
            Set<String> found = new LinkedHashSet<>();
            collect(path, found);
            if (body != null) {
                collect(body.toString(), found);
            }
            return found;
        }

        boolean uses(String name) {
            return placeholders().contains(name);
        }

        boolean usesIdentifier() {
            return placeholders().stream().anyMatch(IDENTIFIERS::contains);
        }

        private static void collect(String text, Set<String> into) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                into.add(m.group(1));
            }
        }
    }

    /**
     * How a list answer continues: {@code cursor} (the next cursor at {@code next}, sent as {@code param}),
     * {@code after-last} (Stripe: while {@code more} is true, the last id as
     * {@code param}), {@code next-url} (the next page's URL at {@code next}), {@code page} (page numbers as
     * {@code param} from 1 until a page is empty).
     */
    record Pages(String type, String param, String next, String more, int max) {}

    record Find(Request request, String ids, Pages pages) {}

    /**
     * The read after the action. {@code request} null: the find again, which must find nothing. A request with
     * {id} is asked per object: 404 or 410 is gone, 2xx is there (unless {@code goneWhen} is true in the answer);
     * one without is asked once: with {@code ids}, what it lists is there, else 2xx is there (when
     * {@code presentWhen} is set: only if it is true in the answer) and 404 is gone.
     * {@code present}: the objects must be there (RETAIN, a suppression) rather than gone.
     */
    record Verify(Request request, String ids, boolean present, String goneWhen, String presentWhen) {}

    /** A vendor that answers a job: its id at {@code job}, polled until {@code state} is in done or failed. */
    record Async(
            String job,
            Request poll,
            String state,
            Set<String> done,
            Set<String> failed,
            Duration expected,
            Duration every) {}

    /** For RETAIN: why and how long (years from today; none: kept without end, e.g. a suppression entry). */
    record Retain(String legalBasis, Integer years) {}

    record Step(Action action, List<Find> find, List<Request> act, Async async, Verify verify, Retain retain) {}

    private static final Set<String> TOP =
            Set.of("vendor", "base-url", "documentation", "lookups", "jobs", "categories");
    private static final Set<String> STEP = Set.of("find", "act", "async", "verify", "retain");
    private static final Set<String> FIND = Set.of("request", "body", "ids", "pages");
    private static final Set<String> REQUEST = Set.of("request", "body");
    private static final Set<String> VERIFY = Set.of("request", "body", "ids", "expect", "gone-when", "present-when");
    private static final Set<String> ASYNC = Set.of("job", "poll", "state", "done", "failed", "expected", "every");
    private static final Set<String> PAGES = Set.of("type", "param", "next", "more", "max");
    private static final Set<String> RETAIN = Set.of("legal-basis", "years");

    /** Parses and checks a template; each problem goes to {@code errors} as (field path, message). */
    static HttpTemplate parse(JsonNode root, BiConsumer<String, String> errors) {
        Check check = new Check(errors);
        if (root == null || !root.isObject()) {
            errors.accept("(template)", "must be a mapping with vendor, base-url and categories");
            return null;
        }
        check.only(root, TOP, "");
        String vendor = root.path("vendor").asText("");
        URI base = null;
        String baseText = root.path("base-url").asText(null);
        if (baseText != null) {
            try {
                base = new URI(baseText);
                if (base.getHost() == null || !base.getScheme().startsWith("http")) {
                    check.error("base-url", "must be an absolute http or https URL");
                }
            } catch (URISyntaxException e) {
                check.error("base-url", "not a URL");
            }
        }
        Map<String, List<Find>> lookups = new LinkedHashMap<>();
        root.path("lookups")
                .fields()
                .forEachRemaining(
                        e -> lookups.put(e.getKey(), check.findSteps(e.getValue(), "lookups." + e.getKey(), Map.of())));
        Map<String, Async> jobs = new LinkedHashMap<>();
        root.path("jobs")
                .fields()
                .forEachRemaining(e -> jobs.put(e.getKey(), check.async(e.getValue(), "jobs." + e.getKey())));
        check.jobs = jobs;
        JsonNode categories = root.path("categories");
        if (!categories.isObject() || categories.isEmpty()) {
            check.error("categories", "required: at least one category");
        }
        Map<String, Map<Action, Step>> byCategory = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = categories.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            Map<Action, Step> steps = new EnumMap<>(Action.class);
            for (Iterator<Map.Entry<String, JsonNode>> a = c.getValue().fields(); a.hasNext(); ) {
                Map.Entry<String, JsonNode> e = a.next();
                String at = "categories." + c.getKey() + "." + e.getKey();
                Action action;
                try {
                    action = Action.valueOf(e.getKey());
                } catch (IllegalArgumentException ex) {
                    check.error(at, "unknown action; one of " + Arrays.toString(Action.values()));
                    continue;
                }
                Step step = check.step(action, e.getValue(), at, lookups);
                if (step != null) {
                    steps.put(action, step);
                }
            }
            if (c.getValue().isEmpty() || !c.getValue().isObject()) {
                check.error("categories." + c.getKey(), "must name at least one action");
            }
            byCategory.put(c.getKey(), Map.copyOf(steps));
        }
        return check.count == 0 ? new HttpTemplate(vendor, base, byCategory) : null;
    }

    /** Collects errors with the field path they concern. */
    private static final class Check {
        private final BiConsumer<String, String> errors;
        private int count;
        private Map<String, Async> jobs = Map.of();

        Check(BiConsumer<String, String> errors) {
            this.errors = errors;
        }

        void error(String at, String message) {
            count++;
            errors.accept(at, message);
        }

        void only(JsonNode node, Set<String> known, String at) {
            node.fieldNames().forEachRemaining(f -> {
                if (!known.contains(f)) {
                    error(
                            at.isEmpty() ? f : at + "." + f,
                            "unknown field; expected one of "
                                    + known.stream().sorted().toList());
                }
            });
        }

        Step step(Action action, JsonNode node, String at, Map<String, List<Find>> lookups) {
            if (!node.isObject()) {
                error(at, "must be a mapping with find, act, verify...");
                return null;
            }
            only(node, STEP, at);
            int before = count;
            List<Find> find = node.has("find") ? findSteps(node.get("find"), at + ".find", lookups) : List.of();
            List<Request> act = new ArrayList<>();
            JsonNode acts = node.path("act");
            if (acts.isArray()) {
                for (int i = 0; i < acts.size(); i++) {
                    act.add(request(acts.get(i), at + ".act[" + i + "]", REQUEST));
                }
            } else if (!acts.isMissingNode()) {
                act.add(request(acts, at + ".act", REQUEST));
            }
            Async async = node.has("async") ? async(node.get("async"), at + ".async") : null;
            Verify verify = node.has("verify") ? verify(node.get("verify"), at + ".verify") : null;
            Retain retain = node.has("retain") ? retain(node.get("retain"), at + ".retain") : null;
            if ((!node.has("act")
                            || node.path("act").isArray() && node.path("act").isEmpty())
                    && action != Action.RETAIN) {
                error(at + ".act", "required for " + action);
            }
            if (action == Action.RETAIN && !node.has("retain")) {
                error(at + ".retain", "required for RETAIN: legal-basis (and years, unless kept without end)");
            }
            if (action != Action.RETAIN && node.has("retain")) {
                error(at + ".retain", "only for RETAIN");
            }
            if (count > before) {
                return null;
            }
            boolean objects = !find.isEmpty() || action == Action.DEFERRED_ERASE;
            for (int i = 0; i < act.size(); i++) {
                Request r = act.get(i);
                if ((r.uses("id") || r.uses("ids")) && !objects) {
                    error(at + ".act", "uses {id} or {ids} but nothing finds objects (add find)");
                }
                if (action == Action.DEFERRED_ERASE && (r.usesIdentifier() || !r.uses("id"))) {
                    error(at + ".act", "a deferred erasure has only the retention handles: use {id}, no identifiers");
                }
            }
            if (action == Action.DEFERRED_ERASE && !find.isEmpty()) {
                error(at + ".find", "a deferred erasure has no identifiers to find by; it acts on its handles");
            }
            if (find.isEmpty() && act.isEmpty()) {
                error(at, "needs find (what is kept) or act");
            }
            boolean defaultVerify = !find.isEmpty() && (action == Action.ERASE || action == Action.ANONYMISE)
                    || action == Action.RETAIN && act.isEmpty()
                    || async != null && !objects;
            if (verify == null && !defaultVerify) {
                error(at + ".verify", "required: how a read after the action shows it worked");
            }
            if (verify != null && verify.request() != null && verify.request().uses("id") && !objects) {
                error(at + ".verify", "uses {id} but nothing finds objects");
            }
            if (async != null) {
                if (act.size() != 1 || act.get(0).uses("id")) {
                    error(
                            at + ".async",
                            "goes with exactly one act request, for all objects at once ({ids}) or "
                                    + "for the subject");
                }
                if (objects
                        && (verify == null
                                || verify.request() == null
                                || verify.request().usesIdentifier())) {
                    error(
                            at + ".verify",
                            "with async, the read after the job runs without identifiers: " + "give a request by {id}");
                }
            }
            if (verify != null && verify.request() == null && find.isEmpty()) {
                error(at + ".verify", "'find' needs a find");
            }
            return count > before ? null : new Step(action, find, List.copyOf(act), async, verify, retain);
        }

        List<Find> findSteps(JsonNode node, String at, Map<String, List<Find>> lookups) {
            List<Find> steps = new ArrayList<>();
            if (!node.isArray() || node.isEmpty()) {
                error(at, "must be a list of lookups or requests");
                return steps;
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String here = at + "[" + i + "]";
                if (item.isTextual()) {
                    List<Find> named = lookups.get(item.asText());
                    if (named == null) {
                        error(here, "no lookup named '" + printable(item.asText()) + "'");
                    } else {
                        steps.addAll(named);
                    }
                    continue;
                }
                if (!item.isObject()) {
                    error(here, "must be a lookup name or a mapping with request and ids");
                    continue;
                }
                only(item, FIND, here);
                Request request = request(item, here, FIND);
                String ids = path(item, "ids", here, true);
                Pages pages = item.has("pages") ? pages(item.get("pages"), here + ".pages") : null;
                steps.add(new Find(request, ids, pages));
            }
            for (int i = 0; i < steps.size(); i++) {
                Request r = steps.get(i).request();
                if (r != null && i == 0 && r.uses("id")) {
                    error(at + "[0]", "the first request finds by identifiers; {id} has no value there");
                }
                if (r != null && i > 0 && !r.uses("id")) {
                    error(at + "[" + i + "]", "a later request runs per id found before: use {id}");
                }
            }
            return steps;
        }

        Request request(JsonNode node, String at, Set<String> fields) {
            String text;
            JsonNode body = null;
            if (node.isTextual()) {
                text = node.asText();
            } else if (node.isObject()) {
                if (fields == REQUEST) {
                    only(node, REQUEST, at);
                }
                text = node.path("request").asText(null);
                body = node.get("body");
                if (text == null) {
                    error(at + ".request", "required: METHOD /path");
                    return null;
                }
            } else {
                error(at, "must be a request (METHOD /path) or a mapping with request and body");
                return null;
            }
            String[] parts = text.trim().split("\\s+");
            if (parts.length != 2 || !METHODS.contains(parts[0]) || !parts[1].startsWith("/")) {
                error(
                        at,
                        "must be METHOD /path with METHOD one of "
                                + METHODS.stream().sorted().toList());
                return null;
            }
            try {
                URI.create("https://vendor.test" + PLACEHOLDER.matcher(parts[1]).replaceAll("x"));
            } catch (IllegalArgumentException e) {
                error(at, "the path is not a valid URL path (spaces and such must be percent-encoded)");
                return null;
            }
            Request request = new Request(parts[0], parts[1], body, parts[0] + " " + parts[1]);
            for (String p : request.placeholders()) {
                if (!IDENTIFIERS.contains(p) && !Set.of("id", "ids", "job").contains(p)) {
                    error(
                            at,
                            "unknown placeholder {" + printable(p) + "}; identifiers "
                                    + IDENTIFIERS.stream().sorted().toList() + ", or id, ids, job");
                }
            }
            if (request.uses("job") && fields != ASYNC) {
                error(at, "{job} is only for async.poll");
            }
            return request;
        }

        Verify verify(JsonNode node, String at) {
            if (node.isTextual() && "find".equals(node.asText())) {
                return new Verify(null, null, false, null, null);
            }
            if (!node.isObject()) {
                error(at, "must be 'find' or a mapping with request");
                return null;
            }
            only(node, VERIFY, at);
            Request request = request(node, at, VERIFY);
            String ids = node.has("ids") ? path(node, "ids", at, true) : null;
            String expect = node.path("expect").asText("gone");
            if (!Set.of("gone", "present").contains(expect)) {
                error(at + ".expect", "gone or present");
            }
            String goneWhen = node.has("gone-when") ? path(node, "gone-when", at, true) : null;
            String presentWhen = node.has("present-when") ? path(node, "present-when", at, true) : null;
            return new Verify(request, ids, "present".equals(expect), goneWhen, presentWhen);
        }

        Async async(JsonNode node, String at) {
            if (node.isTextual()) {
                Async named = jobs.get(node.asText());
                if (named == null) {
                    error(at, "no job named '" + printable(node.asText()) + "' under jobs");
                }
                return named;
            }
            if (!node.isObject()) {
                error(at, "must be a mapping with job, poll, state, done");
                return null;
            }
            only(node, ASYNC, at);
            String job = path(node, "job", at, true);
            Request poll = node.has("poll") ? request(node.get("poll"), at + ".poll", ASYNC) : null;
            if (poll == null) {
                error(at + ".poll", "required: the status request, with {job}");
            } else if (!poll.uses("job") || poll.usesIdentifier()) {
                error(at + ".poll", "asks by {job} only (it runs later, without identifiers)");
            }
            String state = path(node, "state", at, true);
            Set<String> done = texts(node, "done", at, true);
            Set<String> failed = texts(node, "failed", at, false);
            return new Async(
                    job,
                    poll,
                    state,
                    done,
                    failed,
                    duration(node, "expected", at, Duration.ofHours(1)),
                    duration(node, "every", at, Duration.ofMinutes(5)));
        }

        Pages pages(JsonNode node, String at) {
            only(node, PAGES, at);
            String type = node.path("type").asText("");
            String param = node.path("param").asText(null);
            int max = node.path("max").asInt(50);
            switch (type) {
                case "cursor" -> {
                    path(node, "next", at, true);
                    if (param == null) {
                        error(at + ".param", "required for cursor pages");
                    }
                }
                case "after-last" -> {
                    path(node, "more", at, true);
                    if (param == null) {
                        error(at + ".param", "required for after-last pages");
                    }
                }
                case "next-url" -> path(node, "next", at, true);
                case "page" -> {
                    if (param == null) {
                        error(at + ".param", "required for numbered pages");
                    }
                }
                default -> error(at + ".type", "cursor, after-last, next-url or page");
            }
            if (max < 1 || max > 10_000) {
                error(at + ".max", "from 1 to 10000 pages");
            }
            return new Pages(
                    type,
                    param,
                    node.path("next").asText(null),
                    node.path("more").asText(null),
                    max);
        }

        Retain retain(JsonNode node, String at) {
            only(node, RETAIN, at);
            String basis = node.path("legal-basis").asText("");
            if (basis.isBlank()) {
                error(at + ".legal-basis", "required");
            }
            Integer years = null;
            if (node.has("years")) {
                if (!node.get("years").isIntegralNumber()
                        || node.get("years").asInt() < 1
                        || node.get("years").asInt() > 100) {
                    error(at + ".years", "a whole number of years from 1 to 100");
                } else {
                    years = node.get("years").asInt();
                }
            }
            return new Retain(basis, years);
        }

        private String path(JsonNode node, String field, String at, boolean required) {
            String path = node.path(field).asText(null);
            if (path == null) {
                if (required) {
                    error(at + "." + field, "required");
                }
                return null;
            }
            if (!JsonPath.valid(path)) {
                error(at + "." + field, "not a path (fields joined by dots, [*] for every element)");
            }
            return path;
        }

        private Set<String> texts(JsonNode node, String field, String at, boolean required) {
            Set<String> out = new LinkedHashSet<>();
            JsonNode list = node.path(field);
            if (list.isArray()) {
                list.forEach(v -> out.add(v.asText()));
            } else if (list.isValueNode()) {
                out.add(list.asText());
            }
            if (required && out.isEmpty()) {
                error(at + "." + field, "required: the states that mean done");
            }
            return Set.copyOf(out);
        }

        private Duration duration(JsonNode node, String field, String at, Duration fallback) {
            if (!node.has(field)) {
                return fallback;
            }
            String text = node.get(field).asText();
            try {
                Duration d = Duration.parse(text.startsWith("P") ? text : "PT" + text);
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
            error(at + "." + field, "a positive duration (e.g. 30s, 5m, PT1H)");
            return fallback;
        }
    }

    static String printable(String text) {
        return text != null && text.matches("[A-Za-z0-9._\\-]{1,64}") ? text : "(unprintable)";
    }
}
