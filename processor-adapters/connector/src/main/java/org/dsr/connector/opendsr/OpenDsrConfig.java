package org.dsr.connector.opendsr;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.connector.config.Settings;
import org.dsr.contracts.subject.IdentifierType;

/**
 * One OpenDSR processor's settings, read and checked at start (see docs/connectors/opendsr.md).
 *
 * @param url             the processor's OpenDSR base URL, with the major version (§3.4), e.g. {@code .../v2}
 * @param categories      our categories the processor's one erasure request covers
 * @param identities      which of our identifier types are sent, as which OpenDSR identity type
 * @param identityFormat  {@code raw} or {@code sha256}
 * @param regulation      {@code gdpr} or {@code ccpa}
 * @param certificate     the processor's signing certificate, pinned: callbacks and answers are checked against it
 * @param processorDomain the {@code X-OpenDSR-Processor-Domain} a callback must name, if set
 * @param callbackUrl     where the processor sends callbacks (sent as {@code status_callback_urls}), if set
 * @param headers         sent with every request (the API's authentication, which OpenDSR leaves to the processor)
 * @param statusPath      the status endpoint below the URL, {@code {id}} standing for the subject request id
 * @param extensions      the request's {@code extensions} object as written, or null
 * @param verifyAnswers   whether the signatures of the processor's answers (request, status) are checked
 * @param checkDiscovery  whether {@code GET /discovery} is read at start
 * @param timeout         for each HTTP exchange
 * @param minPoll         the least time before asking again about a pending request
 */
public record OpenDsrConfig(
        URI url,
        List<String> categories,
        Map<IdentifierType, String> identities,
        String identityFormat,
        String regulation,
        X509Certificate certificate,
        String processorDomain,
        URI callbackUrl,
        Map<String, String> headers,
        String statusPath,
        JsonNode extensions,
        boolean verifyAnswers,
        boolean checkDiscovery,
        Duration timeout,
        Duration minPoll) {

    static final Set<String> FIELDS = Set.of(
            "url",
            "categories",
            "identities",
            "identity-format",
            "regulation",
            "certificate",
            "processor-domain",
            "callback-base-url",
            "headers",
            "status-path",
            "extensions",
            "verify-answers",
            "check-discovery",
            "timeout",
            "min-poll-interval");

    /** Where callbacks for {@code processor} are received, below the connector's public base URL. */
    public static String callbackPath(String processor) {
        return "/api/v1/opendsr/" + processor + "/callbacks";
    }

    /** Reads the settings; null when any is bad (each reported through {@code settings}). */
    static OpenDsrConfig read(Settings settings) {
        int before = settings.errorCount();
        settings.onlyFields(FIELDS);
        URI url = settings.url("url");
        List<String> categories = categories(settings);
        Map<IdentifierType, String> identities = identities(settings);
        String format = oneOf(settings, "identity-format", "raw", OpenDsrProtocol.FORMATS);
        String regulation = oneOf(settings, "regulation", "gdpr", OpenDsrProtocol.REGULATIONS);
        X509Certificate certificate = certificate(settings);
        String domain = settings.string("processor-domain", null);
        URI callback = null;
        if (settings.has("callback-base-url")) {
            URI base = settings.url("callback-base-url");
            callback = base == null
                    ? null
                    : URI.create(base.toString().replaceAll("/+$", "")
                            + callbackPath(settings.entry().name()));
        }
        Map<String, String> headers = settings.strings("headers");
        String statusPath = settings.string("status-path", "requests/{id}");
        if (statusPath != null && !statusPath.contains("{id}")) {
            settings.error("status-path", "must contain {id}");
        }
        JsonNode extensions = settings.node().get("extensions");
        if (extensions != null && !extensions.isObject()) {
            settings.error("extensions", "must be a mapping keyed by processor domain (§7.1.2)");
        }
        boolean verify = bool(settings, "verify-answers", true);
        boolean discovery = bool(settings, "check-discovery", true);
        Duration timeout = settings.duration("timeout", Duration.ofSeconds(30));
        Duration minPoll = settings.duration("min-poll-interval", Duration.ofMinutes(15));
        if (settings.errorCount() != before) {
            return null;
        }
        return new OpenDsrConfig(
                url,
                categories,
                identities,
                format,
                regulation,
                certificate,
                domain,
                callback,
                headers,
                statusPath.replaceAll("^/+", ""),
                extensions,
                verify,
                discovery,
                timeout,
                minPoll);
    }

    private static List<String> categories(Settings settings) {
        JsonNode node = settings.node().get("categories");
        if (node == null || !node.isArray() || node.isEmpty()) {
            settings.error("categories", "required: a list of the categories the processor's erasure covers");
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode c : node) {
            if (!c.isTextual() || !c.asText().matches("[A-Za-z0-9._\\-]{1,64}")) {
                settings.error("categories", "each category is a name of letters, digits, '.', '_' or '-'");
            } else if (!out.add(c.asText())) {
                settings.error("categories", "category " + c.asText() + " is listed twice");
            }
        }
        return List.copyOf(out);
    }

    /** Default: EMAIL as email, USER_ID as controller_customer_id. A mapping OpenDSR lacks is refused. */
    private static Map<IdentifierType, String> identities(Settings settings) {
        Map<IdentifierType, String> out = new EnumMap<>(IdentifierType.class);
        if (!settings.has("identities")) {
            out.put(IdentifierType.EMAIL, "email");
            out.put(IdentifierType.USER_ID, "controller_customer_id");
            return out;
        }
        int before = settings.errorCount();
        Settings nested = settings.nested("identities");
        for (Iterator<Map.Entry<String, JsonNode>> it = nested.node().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            IdentifierType type;
            try {
                type = IdentifierType.valueOf(e.getKey());
            } catch (IllegalArgumentException ex) {
                nested.error(e.getKey(), "not an identifier type; expected one of " + List.of(IdentifierType.values()));
                continue;
            }
            String opendsr = e.getValue().asText();
            if (!OpenDsrProtocol.IDENTITY_TYPES.contains(opendsr)) {
                nested.error(
                        e.getKey(),
                        "'" + OpenDsrProtocol.printable(opendsr) + "' is not an OpenDSR 2.0"
                                + " identity type (§5.1); expected one of " + OpenDsrProtocol.IDENTITY_TYPES);
                continue;
            }
            out.put(type, opendsr);
        }
        if (out.isEmpty() && settings.errorCount() == before) {
            settings.error("identities", "maps no identifier type");
        }
        return out;
    }

    private static String oneOf(Settings settings, String field, String fallback, Set<String> allowed) {
        String value = settings.string(field, fallback);
        if (value != null && !allowed.contains(value)) {
            settings.error(field, "must be one of " + new java.util.TreeSet<>(allowed));
            return fallback;
        }
        return value;
    }

    private static boolean bool(Settings settings, String field, boolean fallback) {
        if (!settings.has(field)) {
            return fallback;
        }
        JsonNode value = settings.node().get(field);
        if (!value.isBoolean()) {
            settings.error(field, "must be true or false");
            return fallback;
        }
        return value.asBoolean();
    }

    private static X509Certificate certificate(Settings settings) {
        Path file = settings.file("certificate");
        if (file == null) {
            return null;
        }
        try {
            X509Certificate certificate = OpenDsrProtocol.certificate(file);
            certificate.checkValidity();
            return certificate;
        } catch (CertificateExpiredException e) {
            settings.error("certificate", "expired on " + certificateEnd(file));
        } catch (CertificateNotYetValidException e) {
            settings.error("certificate", "not valid yet");
        } catch (IOException | CertificateException | ClassCastException e) {
            settings.error("certificate", "not an X.509 certificate (PEM or DER)");
        }
        return null;
    }

    private static String certificateEnd(Path file) {
        try {
            return OpenDsrProtocol.certificate(file).getNotAfter().toInstant().toString();
        } catch (IOException | CertificateException e) {
            return "?";
        }
    }

    /** The identity types this processor is sent (for the discovery check). */
    List<String> identityTypes() {
        return new ArrayList<>(new LinkedHashSet<>(identities.values()));
    }
}
