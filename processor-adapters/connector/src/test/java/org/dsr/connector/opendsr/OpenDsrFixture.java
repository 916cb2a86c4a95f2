package org.dsr.connector.opendsr;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.smallrye.mutiny.Uni;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.CommandContext;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.Subject;

/**
 * What the OpenDSR tests share: a processor's RSA key pair and self-signed certificate made with the JDK's keytool
 * (and an impostor's), the processor entry as the connectors file would declare it, commands as the orchestrator
 * sends them, and an attempt journal in memory.
 */
final class OpenDsrFixture {

    static final String PROCESSOR = "crm";
    static final String DOMAIN = "opendsr.processor.test";
    static final List<String> CATEGORIES = List.of("contact", "orders");

    /** A key pair and its certificate, as a PEM file. */
    record Signer(PrivateKey key, Path certificate) {

        String sign(String body) {
            try {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(key);
                s.update(body.getBytes(StandardCharsets.UTF_8));
                return Base64.getEncoder().encodeToString(s.sign());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private OpenDsrFixture() {}

    /** The processor's key pair and an impostor's, made once for all the tests (keytool takes a while). */
    private static final class Keys {
        static final Signer PROCESSOR_KEY;
        static final Signer IMPOSTOR;
        static final Signer EXPIRED;

        static {
            try {
                Path dir = Files.createTempDirectory("opendsr-keys");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                PROCESSOR_KEY = signer(dir, "processor", null);
                IMPOSTOR = signer(dir, "impostor", null);
                EXPIRED = signer(dir, "expired", "-10d");
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private static void delete(Path dir) {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind
            }
            dir.toFile().delete();
        }
    }

    /** The processor's own: its certificate is the one pinned in the settings. */
    static Signer processorKey() {
        return Keys.PROCESSOR_KEY;
    }

    /** Another key with a certificate for the same domain. */
    static Signer impostor() {
        return Keys.IMPOSTOR;
    }

    /** A certificate whose validity ended days ago. */
    static Signer expired() {
        return Keys.EXPIRED;
    }

    /** A local server that answers as the processor does, on loopback. */
    static WireMockServer localServer() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    private static Signer signer(Path dir, String alias, String startDate) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Path pem = dir.resolve(alias + ".pem");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> gen = new ArrayList<>(List.of(
                keytool,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-sigalg",
                "SHA256withRSA",
                "-dname",
                "CN=" + DOMAIN,
                "-ext",
                "SAN=dns:" + DOMAIN,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit"));
        if (startDate != null) {
            gen.addAll(List.of("-startdate", startDate));
        }
        run(gen);
        run(List.of(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-file",
                pem.toString()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return new Signer((PrivateKey) ks.getKey(alias, "changeit".toCharArray()), pem);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    /** The settings a connectors file would give, as YAML reads into JSON. */
    static ObjectNode settings(String url, Path certificate) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("url", url);
        s.putArray("categories").add("contact").add("orders");
        s.put("certificate", certificate.toString());
        s.put("processor-domain", DOMAIN);
        s.put("callback-base-url", "https://connector.controller.test/");
        s.put("min-poll-interval", "1m");
        return s;
    }

    static ProcessorEntry entry(JsonNode settings, Path baseDir) {
        return new ProcessorEntry(PROCESSOR, "opendsr", settings, "processors[" + PROCESSOR + "]", baseDir);
    }

    /** Builds the connector as the core does; the errors are what it would refuse to start with. */
    static ProcessorConnector create(JsonNode settings, Path baseDir, List<String> errors) {
        Map<String, String> env = Map.of();
        return new OpenDsrKind()
                .create(entry(settings, baseDir), Settings.of(entry(settings, baseDir), errors, env::get));
    }

    static ProcessorCommandV1 erasure(List<Identifier> identifiers) {
        List<CategoryCommand> categories = CATEGORIES.stream()
                .map(c -> new CategoryCommand(c, Action.ERASE))
                .toList();
        Subject subject = new Subject(
                "pseudonym-of-subject",
                identifiers.stream().map(Identifier::type).distinct().toList(),
                null);
        return new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                PROCESSOR,
                RequestType.ERASURE,
                Jurisdiction.SE,
                subject,
                categories,
                Instant.parse("2026-03-01T10:15:30.123Z"),
                1);
    }

    static CommandContext context(ProcessorCommandV1 command, List<Identifier> identifiers, Journal journal) {
        return new CommandContext(command, identifiers, command.categories(), journal);
    }

    /** An attempt journal in memory: what an earlier attempt recorded, and every record of this one. */
    static final class Journal implements CommandContext.AttemptJournal {

        final String earlier;
        final List<String> recorded = new ArrayList<>();

        Journal(String earlier) {
            this.earlier = earlier;
        }

        @Override
        public Optional<String> previous() {
            return Optional.ofNullable(earlier);
        }

        @Override
        public Uni<Void> record(String state) {
            recorded.add(state);
            return Uni.createFrom().voidItem();
        }
    }
}
