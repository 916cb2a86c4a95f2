package org.dsr.connector.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.ConnectorKind;
import org.dsr.connector.kind.ProcessorConnector;

/**
 * The {@code http} kind: a SaaS processor reached over its HTTP API, described by a template (bundled, e.g.
 * {@code template: stripe}, or {@code template-file: ./vendor.yaml}).
 *
 * <pre>
 * stripe:
 *   kind: http
 *   settings:
 *     template: stripe
 *     auth: { type: bearer, token: { env: STRIPE_SECRET_KEY } }
 *     rate-limit: 20          # requests per second at the most
 * </pre>
 *
 * Other settings: {@code base-url} (instead of the template's), {@code timeout} (per request, 30s),
 * {@code attempts} (for 5xx, timeouts and 429, 3), {@code max-retry-after} (the longest 429 wait, 60s),
 * {@code backoff} (the first wait between attempts, 500ms).
 */
@ApplicationScoped
public class HttpKind implements ConnectorKind {

    /** The templates shipped under {@code http-templates/}. */
    public static final List<String> BUNDLED = List.of("hubspot", "segment", "sendgrid", "stripe", "zendesk");

    private static final Set<String> FIELDS = Set.of(
            "template",
            "template-file",
            "base-url",
            "auth",
            "rate-limit",
            "timeout",
            "attempts",
            "max-retry-after",
            "backoff");
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Override
    public String name() {
        return "http";
    }

    @Override
    public ProcessorConnector create(ProcessorEntry entry, Settings settings) {
        int before = settings.errorCount();
        settings.onlyFields(FIELDS);
        String field = settings.has("template-file") ? "template-file" : "template";
        JsonNode node = template(settings, field);
        HttpTemplate template = node == null
                ? null
                : HttpTemplate.parse(node, (at, message) -> settings.error(field, at + ": " + message));
        URI base = settings.has("base-url") ? settings.url("base-url") : template == null ? null : template.baseUrl();
        if (template != null && base == null && !settings.has("base-url")) {
            settings.error("base-url", "required (the template names none)");
        }
        HttpAuth auth = settings.has("auth") ? HttpAuth.read(settings.nested("auth")) : null;
        if (!settings.has("auth")) {
            settings.error("auth", "required: {type: bearer|basic|api-key|oauth2-client-credentials, ...}");
        }
        VendorClient.Limits limits = new VendorClient.Limits(
                settings.duration("timeout", Duration.ofSeconds(30)),
                settings.integer("attempts", 3, 1, 10),
                settings.duration("max-retry-after", Duration.ofSeconds(60)),
                settings.duration("backoff", Duration.ofMillis(500)),
                settings.integer("rate-limit", 0, 1, 10_000));
        if (settings.errorCount() > before || template == null || base == null || auth == null) {
            return null;
        }
        return new HttpConnector(entry.name(), template, new VendorClient(base, auth, limits));
    }

    private static JsonNode template(Settings settings, String field) {
        if (settings.has("template") && settings.has("template-file")) {
            settings.error("template", "give template or template-file, not both");
            return null;
        }
        if ("template-file".equals(field)) {
            Path file = settings.file(field);
            if (file == null) {
                return null;
            }
            try {
                return YAML.readTree(file.toFile());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                settings.error(
                        field,
                        "not valid YAML"
                                + (e.getLocation() == null
                                        ? ""
                                        : " (line " + e.getLocation().getLineNr() + ")"));
                return null;
            } catch (IOException e) {
                settings.error(field, "cannot be read");
                return null;
            }
        }
        if (!settings.has("template")) {
            settings.error("template", "required: a bundled template " + BUNDLED + ", or template-file");
            return null;
        }
        String name = settings.string("template");
        if (name == null) {
            return null;
        }
        InputStream in =
                BUNDLED.contains(name) ? HttpKind.class.getResourceAsStream("/http-templates/" + name + ".yaml") : null;
        if (in == null) {
            settings.error(
                    "template",
                    "no bundled template '" + HttpTemplate.printable(name) + "'; bundled: " + BUNDLED
                            + " (or give template-file)");
            return null;
        }
        try (in) {
            return YAML.readTree(in);
        } catch (IOException e) {
            settings.error("template", "bundled template cannot be read");
            return null;
        }
    }
}
