package org.dsr.connector.opendsr;

import java.nio.file.Path;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For tests that need the processor as a local server on loopback ({@link #base} is its OpenDSR URL). */
abstract class OpenDsrLocalServer {

    @TempDir
    Path dir;

    WireMockServer server;
    String base;

    @BeforeEach
    void startServer() {
        server = OpenDsrFixture.localServer();
        base = "http://127.0.0.1:" + server.port() + "/v2";
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }
}
