package org.dsr.connector.opendsr;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * The HTTP side of one OpenDSR processor: the JDK client, the configured headers on every request, nothing logged
 * (request bodies carry identities). No answer at all is a failed Uni; any HTTP status is an {@link Answer}.
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
    private final HttpClient http;

    OpenDsrClient(OpenDsrConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
        return send(builder(uri).GET().build());
    }

    Uni<Answer> post(URI uri, byte[] json) {
        return send(builder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    Uni<Answer> delete(URI uri) {
        return send(builder(uri).DELETE().build());
    }

    /** For the checks at start, which run before anything else and may block. */
    Answer getNow(URI uri) throws IOException, InterruptedException {
        return answer(http.send(builder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private HttpRequest.Builder builder(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.timeout()).header("Accept",
                "application/json");
        config.headers().forEach(b::header);
        return b;
    }

    private Uni<Answer> send(HttpRequest request) {
        return Uni.createFrom().completionStage(() -> http.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray())).map(OpenDsrClient::answer);
    }

    private static Answer answer(HttpResponse<byte[]> r) {
        return new Answer(r.statusCode(), r.body() == null ? new byte[0] : r.body(),
                header(r, OpenDsrProtocol.SIGNATURE, OpenDsrProtocol.LEGACY_SIGNATURE),
                header(r, OpenDsrProtocol.DOMAIN, OpenDsrProtocol.LEGACY_DOMAIN));
    }

    private static String header(HttpResponse<?> r, String name, String legacy) {
        Optional<String> value = r.headers().firstValue(name);
        return value.or(() -> r.headers().firstValue(legacy)).orElse(null);
    }
}
