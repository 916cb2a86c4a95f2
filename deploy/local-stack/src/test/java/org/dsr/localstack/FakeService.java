package org.dsr.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import com.sun.net.httpserver.HttpServer;

/** Stands in for a Quarkus service: answers /q/health/ready and echoes its environment under /env/NAME. */
public final class FakeService {

    private FakeService() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("QUARKUS_HTTP_HOST"), port), 0);
        server.createContext("/q/health/ready", ex -> reply(ex, 200, "{\"status\":\"UP\"}"));
        server.createContext("/env/", ex -> {
            String name = ex.getRequestURI().getPath().substring("/env/".length());
            String value = System.getenv(name);
            reply(ex, value == null ? 404 : 200, value == null ? "" : value);
        });
        server.start();
        System.out.println("fake service up on " + port);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
