package org.dsr.localstack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line of {@code ./dsr}: parsing, help and errors, without starting anything. */
class LocalStackCliTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final List<String> COMMANDS = List.of("up", "down", "status", "demo", "logs", "token", "help");

    @TempDir
    Path home;

    /** What one run printed and returned. */
    private record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        CommandLine cli =
                LocalStackCli.commandLine(new LocalStackCli(Map.of("DSR_HOME", home.toString())::get, REPO.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandIsThereAndNoOther() {
        CommandLine cli = LocalStackCli.commandLine(new LocalStackCli());
        assertEquals(COMMANDS, List.copyOf(cli.getSubcommands().keySet()));
    }

    @Test
    void theTopLevelHelpListsEveryCommandTheSameWayEachTimeItIsAsked() {
        Run alone = run();
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            Run help = run(args);
            assertEquals(0, help.exitCode(), String.join(" ", args));
            assertEquals("", help.err());
            assertEquals(alone.out(), help.out(), String.join(" ", args));
        }
        assertEquals(0, alone.exitCode());
        assertTrue(alone.out().startsWith("Usage: ./dsr [-hV] [COMMAND]"), alone.out());
        for (String command : COMMANDS) {
            assertTrue(alone.out().contains("\n  " + command + " "), command + " listed in\n" + alone.out());
        }
        assertTrue(alone.out().contains("./dsr bench"), "the bench, which the script runs, is named");
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : COMMANDS) {
            Run help = run(command, "--help");
            assertEquals(0, help.exitCode(), command);
            assertEquals("", help.err(), command);
            // picocli's own help command puts its description first
            assertTrue(
                    help.out().startsWith("Usage: ./dsr " + command + " [-hV]")
                            || command.equals("help") && help.out().contains("Usage: ./dsr help [-h] [COMMAND]"),
                    help.out());
            assertEquals(help.out(), run(command, "-h").out(), command);
            if (!command.equals("help")) {
                assertEquals(help.out(), run("help", command).out(), command);
            }
        }
        assertTrue(run("up", "--help").out().contains("--infra-only"));
        String token = run("token", "--help").out().replaceAll("\\s+", " ");
        assertTrue(token.contains("<role> one of dsr-submitter, dsr-operator, dsr-compliance, dsr-adapter"), token);
    }

    @Test
    void theVersionIsPrinted() {
        Run version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("dsr local stack "), version.out());
    }

    @Test
    void anUnknownCommandIsRefusedWithExitCodeTwo() {
        Run bogus = run("stop");
        assertEquals(2, bogus.exitCode());
        assertEquals("", bogus.out());
        assertTrue(bogus.err().startsWith("Unmatched argument at index 0: 'stop'"), bogus.err());
    }

    @Test
    void anUnknownOptionIsRefusedWithExitCodeTwoAndTheCommandsUsage() {
        for (List<String> command : List.of(
                List.of("up"),
                List.of("down"),
                List.of("status"),
                List.of("demo"),
                List.of("logs", "kafka"),
                List.of("token", "dsr-operator"))) {
            List<String> args = new ArrayList<>(command);
            args.add("--bogus");
            Run bogus = run(args.toArray(String[]::new));
            assertEquals(2, bogus.exitCode(), String.join(" ", args));
            assertEquals("", bogus.out(), String.join(" ", args));
            assertTrue(bogus.err().startsWith("Unknown option: '--bogus'"), bogus.err());
            assertTrue(bogus.err().contains("Usage: ./dsr " + command.get(0)), bogus.err());
        }
        Run extra = run("down", "now");
        assertEquals(2, extra.exitCode());
        assertTrue(extra.err().startsWith("Unmatched argument at index 1: 'now'"), extra.err());
    }

    @Test
    void aMissingOrUnknownArgumentIsRefusedWithExitCodeTwo() {
        Run noRole = run("token");
        assertEquals(2, noRole.exitCode());
        assertTrue(noRole.err().startsWith("Missing required parameter: '<role>'"), noRole.err());

        Run badRole = run("token", "dsr-root");
        assertEquals(2, badRole.exitCode());
        assertEquals("", badRole.out());
        assertTrue(
                badRole.err()
                        .startsWith("unknown role 'dsr-root'; one of dsr-submitter, dsr-operator, "
                                + "dsr-compliance, dsr-adapter"),
                badRole.err());

        Run noName = run("logs");
        assertEquals(2, noName.exitCode());
        assertTrue(noName.err().startsWith("Missing required parameter: '<name>'"), noName.err());
    }

    @Test
    void upParsesInfraOnly() {
        CommandLine cli = LocalStackCli.commandLine(new LocalStackCli(name -> null, REPO.toString()));
        UpCommand up = (UpCommand)
                cli.parseArgs("up", "--infra-only").subcommand().commandSpec().userObject();
        assertTrue(up.infraOnly);
    }

    @Test
    void aTokenIsPrintedForItsRoleAndSubject() {
        Run token = run("token", "dsr-operator");
        assertEquals(0, token.exitCode(), token.err());
        assertTrue(payload(token.out()).contains("\"sub\":\"local-dsr-operator\""), payload(token.out()));

        Run named = run("token", "dsr-compliance", "auditor");
        assertEquals(0, named.exitCode(), named.err());
        assertTrue(payload(named.out()).contains("\"sub\":\"auditor\""), payload(named.out()));
    }

    @Test
    void statusOfAStackThatDoesNotRunSaysStoppedWithExitCodeThree() {
        Run status = run("status");
        assertEquals(LocalStackCli.NOT_ALL_READY, status.exitCode(), status.err());
        List<String> lines = status.out().lines().toList();
        assertEquals(10, lines.size(), status.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("witness ")), status.out());
        assertTrue(lines.stream().allMatch(l -> l.contains(" stopped ")), status.out());
    }

    @Test
    void logsNamesTheComponentsLogFile() {
        Run logs = run("logs", "kafka");
        assertEquals(0, logs.exitCode());
        assertEquals(home.resolve("logs/kafka.log").toString(), logs.out().strip());
    }

    private static String payload(String jwt) {
        String[] parts = jwt.strip().split("\\.");
        assertEquals(3, parts.length, jwt);
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }
}
