package org.dsr.connector.webhook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The example service of examples/webhook-python, run by python3 as a subprocess on a free port. */
final class PythonService implements AutoCloseable {

    static final Path HOME = locate();

    private final Process process;
    private final int port;

    private PythonService(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Seeds the database (two customers) and starts the service; extra arguments such as --async. */
    static PythonService start(Path db, Path keysDir, Path connectorKey, String... extra) throws Exception {
        run("seed", "--db", db.toString());
        List<String> command = new ArrayList<>(List.of(
                "python3",
                HOME.resolve("service.py").toString(),
                "serve",
                "--db",
                db.toString(),
                "--keys-dir",
                keysDir.toString(),
                "--connector-key",
                connectorKey.toString(),
                "--port",
                "0"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (IOException e) {
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("listening on [0-9.]+:([0-9]+)").matcher(line == null ? "" : line);
        if (!m.find()) {
            process.destroyForcibly();
            throw new IllegalStateException("the example service did not start: " + line);
        }
        return new PythonService(process, Integer.parseInt(m.group(1)));
    }

    String url() {
        return "http://127.0.0.1:" + port + "/dsr";
    }

    /** Rows of {@code table} whose email is {@code email}, read with sqlite3 apart from the service's own code. */
    static long count(Path db, String table, String email) throws Exception {
        String script = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from "
                + table + " where lower(email)=?', (sys.argv[2],)).fetchone()[0])";
        return Long.parseLong(run("-c", script, db.toString(), email).strip());
    }

    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("python3");
        if (!args[0].equals("-c")) {
            command.add(HOME.resolve("service.py").toString());
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("python3 failed: " + out);
        }
        return out;
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/webhook-python");
            if (Files.isRegularFile(candidate.resolve("service.py"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "examples/webhook-python not found above " + Path.of("").toAbsolutePath());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
