package org.dsr.connector.opendsr;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.HttpClients;

/**
 * The HTTP side of one OpenDSR processor: the Quarkus REST client's JAX-RS client ({@link HttpClients}: connect and
 * read timeouts of the entry's {@code timeout}, redirects not followed; the answer arrives on a Vert.x thread, so the
 * reactive calls never block), the configured headers on every request, nothing logged (request bodies carry
 * identities). No answer at all is a failed Uni; any HTTP status is an {@link Answer}.
 */
final class OpenDsrClient {

    /** What the processor answered: status, raw body, and the signature headers (OpenGDPR names as fallback). */
    record Answer(int status, byte[] body, String signature, String domain) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String sha256() {
            return OpenDsrProtocol.sha256(body);
        }
    }

    private final OpenDsrConfig config;
    private final Client http;

    OpenDsrClient(OpenDsrConfig config) {
        this.config = config;
        this.http = HttpClients.client(config.timeout());
    }

    URI resolve(String path) {
        String base = config.url().toString().replaceAll("/+$", "");
        return URI.create(base + "/" + path);
    }

    URI statusUri(String subjectRequestId) {
        return resolve(config.statusPath().replace("{id}", subjectRequestId));
    }

    URI requestUri(String subjectRequestId) {
        return resolve("requests/" + subjectRequestId);
    }

    Uni<Answer> get(URI uri) {
        return send(() -> builder(uri).rx().get());
    }

    Uni<Answer> post(URI uri, byte[] json) {
        return send(() -> builder(uri).rx().post(Entity.entity(json, "application/json")));
    }

    Uni<Answer> delete(URI uri) {
        return send(() -> builder(uri).rx().delete());
    }

    /**
     * For the checks at start, which run before anything else and may block.
     *
     * @throws ProcessingException when the processor gives no answer
     */
    Answer getNow(URI uri) {
        return answer(builder(uri).get());
    }

    private Invocation.Builder builder(URI uri) {
        Invocation.Builder b = http.target(uri).request().header("Accept", "application/json");
        config.headers().forEach(b::header);
        return b;
    }

    private Uni<Answer> send(Supplier<CompletionStage<Response>> request) {
        return Uni.createFrom().completionStage(request).map(OpenDsrClient::answer);
    }

    /** The body exactly as received: the signature is over these bytes. */
    private static Answer answer(Response r) {
        try (r) {
            return new Answer(
                    r.getStatus(),
                    r.hasEntity() ? r.readEntity(byte[].class) : new byte[0],
                    header(r, OpenDsrProtocol.SIGNATURE, OpenDsrProtocol.LEGACY_SIGNATURE),
                    header(r, OpenDsrProtocol.DOMAIN, OpenDsrProtocol.LEGACY_DOMAIN));
        }
    }

    /** The first value of the header, or of its legacy name when it is absent. */
    private static String header(Response r, String name, String legacy) {
        List<String> value = r.getStringHeaders().get(name);
        if (value == null || value.isEmpty()) {
            value = r.getStringHeaders().get(legacy);
        }
        return value == null || value.isEmpty() ? null : value.get(0);
    }
}
