package org.dsr.connector.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.dsr.adapter.kit.HttpClients;
import org.dsr.connector.http.HttpTemplate.Request;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.json.Json;

/**
 * Sends a template's requests to one vendor: fills the placeholders (URL-encoded in the path, as JSON text in the
 * body), authenticates, keeps to the rate limit, waits out 429 as Retry-After says (up to a bound), retries 5xx and
 * timeouts a few times, and records every answer as an {@link Evidence.Exchange}: the step, the request as written
 * (no values), the status and the SHA-256 of the body. Blocking: it runs on a worker thread, never an event loop.
 * <p>
 * The requests are data (method, URL and body come from the template), so they go through the Quarkus REST client's
 * JAX-RS {@link Client} ({@link HttpClients}: connect and read timeouts of {@code timeout}, redirects not followed),
 * called synchronously on the worker thread the connector runs on.
 */
final class VendorClient {

    /** How patient to be: per request timeout, attempts for 5xx/timeouts/429, the longest Retry-After waited for. */
    record Limits(Duration timeout, int attempts, Duration maxRetryAfter, Duration backoff, double perSecond) {}

    /** One answer. The body is parsed only when a step needs what is in it. */
    record Answer(String step, Request request, int status, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean gone() {
            return status == 404 || status == 410;
        }

        JsonNode json() {
            try {
                JsonNode node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
                if (node == null || !node.isContainerNode()) {
                    throw new IOException("not a JSON object or array");
                }
                return node;
            } catch (IOException e) {
                throw new VendorFailure(
                        false,
                        "the vendor answered malformed JSON to " + step + " (" + request.text() + "), status "
                                + status);
            }
        }
    }

    private final URI base;
    private final HttpAuth auth;
    private final Limits limits;
    private final Client http;
    private long nextSlot;

    /** A request as it goes out: where, how, and the filled JSON body (null when none), before auth. */
    private record Outgoing(URI target, String method, String body) {}

    VendorClient(URI base, HttpAuth auth, Limits limits) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.auth = auth;
        this.limits = limits;
        this.http = HttpClients.client(limits.timeout());
    }

    /**
     * Sends one request and returns the answer when it is 2xx, 404 or 410; anything else ends in a
     * {@link VendorFailure}. Every answer, also the ones retried, goes to {@code log}.
     *
     * @param values the placeholders' values (identifiers, {id}, {ids}, {job}, {cursor})
     * @param extra  a query parameter to add (a page cursor), or null
     * @param url    a URL to ask instead of the request's path (a next page the vendor named), or null
     */
    Answer send(
            String step,
            Request request,
            Map<String, String> values,
            String[] extra,
            URI url,
            List<Evidence.Exchange> log) {
        Outgoing built = build(request, values, extra, url);
        String what = step + " (" + request.text() + ")";
        int failures = 0;
        int limited = 0;
        boolean refreshed = false;
        while (true) {
            pace();
            Invocation.Builder invocation =
                    withAuth(http.target(built.target()).request().header("Accept", "application/json"));
            int status;
            String body;
            String retryAfter;
            try (Response response = built.body() == null
                    ? invocation.method(built.method())
                    : invocation.method(built.method(), Entity.entity(built.body(), "application/json"))) {
                status = response.getStatus();
                body = response.hasEntity() ? response.readEntity(String.class) : "";
                retryAfter = response.getHeaderString("Retry-After");
            } catch (ProcessingException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new VendorFailure(true, "interrupted during " + what);
                }
                log.add(new Evidence.Exchange(step, request.text(), null, null, null, null));
                if (++failures >= limits.attempts()) {
                    throw new VendorFailure(
                            true,
                            "the vendor did not answer " + what + " in " + failures + " attempts ("
                                    + HttpClients.cause(e) + ")");
                }
                sleep(limits.backoff().multipliedBy(1L << Math.min(failures - 1, 10)));
                continue;
            }
            log.add(new Evidence.Exchange(step, request.text(), status, null, sha256(body), null));
            if (status == 429) {
                Duration wait =
                        retryAfter(retryAfter).orElse(limits.backoff().multipliedBy(1L << Math.min(limited, 10)));
                if (wait.compareTo(limits.maxRetryAfter()) > 0) {
                    throw new VendorFailure(
                            true,
                            "rate limited on " + what + ": the vendor asks to wait " + wait.toSeconds()
                                    + " s, more than " + limits.maxRetryAfter().toSeconds() + " s");
                }
                if (++limited >= limits.attempts()) {
                    throw new VendorFailure(true, "rate limited on " + what + " " + limited + " times in a row");
                }
                sleep(wait);
                continue;
            }
            if (status >= 500) {
                if (++failures >= limits.attempts()) {
                    throw new VendorFailure(
                            true, "the vendor answered " + status + " to " + what + " " + failures + " times in a row");
                }
                sleep(limits.backoff().multipliedBy(1L << Math.min(failures - 1, 10)));
                continue;
            }
            if (status == 401 && auth != null && !refreshed) {
                auth.refused();
                refreshed = auth instanceof HttpAuth.ClientCredentials;
                if (refreshed) {
                    continue;
                }
            }
            if (status == 401 || status == 403) {
                throw new VendorFailure(false, "the vendor refused the credentials (" + status + ") on " + what);
            }
            if (status >= 300 && status < 400) {
                // a redirect could take the credentials elsewhere: a template names the vendor's own URLs
                throw new VendorFailure(
                        false, "the vendor answered " + status + " (a redirect, not followed) to " + what);
            }
            if (status >= 400 && status != 404 && status != 410) {
                throw new VendorFailure(false, "the vendor answered " + status + " to " + what);
            }
            return new Answer(step, request, status, body);
        }
    }

    private Outgoing build(Request request, Map<String, String> values, String[] extra, URI url) {
        URI target;
        if (url != null) {
            if (!base.getScheme().equals(url.getScheme())
                    || !base.getAuthority().equals(url.getAuthority())) {
                // a next page elsewhere would take the credentials along
                throw new VendorFailure(false, "the vendor named a next page on another host");
            }
            target = url;
        } else {
            String path = fill(request.path(), values, true);
            if (extra != null) {
                path += (path.contains("?") ? "&" : "?") + extra[0] + "=" + encode(extra[1]);
            }
            target = URI.create(base + path);
        }
        return new Outgoing(
                target,
                request.method(),
                request.body() == null ? null : fillBody(request.body(), values).toString());
    }

    /** The auth header, fetched anew for every attempt (a refused token is replaced before the next one). */
    private Invocation.Builder withAuth(Invocation.Builder invocation) {
        if (auth == null) {
            return invocation;
        }
        String[] header = auth.header(http, limits.timeout());
        return invocation.header(header[0], header[1]);
    }

    static String fill(String text, Map<String, String> values, boolean url) {
        Matcher m = HttpTemplate.PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new VendorFailure(
                        false,
                        HttpTemplate.IDENTIFIERS.contains(m.group(1))
                                ? "the command carries no " + m.group(1) + " identifier, which the template asks by"
                                : "no value for {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(url ? encode(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Placeholders in a JSON body are filled inside its texts, so a value can never change the body's shape. */
    private static JsonNode fillBody(JsonNode node, Map<String, String> values) {
        if (node.isTextual()) {
            return TextNode.valueOf(fill(node.asText(), values, false));
        }
        if (node.isObject()) {
            ObjectNode copy = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), fillBody(e.getValue(), values));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(e -> copy.add(fillBody(e, values)));
            return copy;
        }
        return node;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private synchronized void pace() {
        if (limits.perSecond() <= 0) {
            return;
        }
        long now = System.nanoTime();
        long wait = nextSlot - now;
        nextSlot = Math.max(now, nextSlot) + (long) (1_000_000_000L / limits.perSecond());
        if (wait > 0) {
            sleep(Duration.ofNanos(wait));
        }
    }

    static Optional<Duration> retryAfter(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String text = header.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(
                        java.time.Instant.now(),
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException ex) {
                return Optional.empty();
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorFailure(true, "interrupted while waiting for the vendor");
        }
    }

    static String sha256(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest((body == null ? "" : body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
