package org.dsr.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSubjectsTest {

    @TempDir
    Path stateDir;

    private final RunSubjects subjects = RunSubjects.of(
            List.of(
                    new RunSubjects.Subject(0, 100, "Anna.Berg.100@example.se", "SE"),
                    new RunSubjects.Subject(1, 101, "jens.holm.101@example.dk", "DK")),
            Set.of(
                    "anna.berg.100@example.se",
                    "anna berg",
                    "199001010017",
                    "c-10100",
                    "jens.holm.101@example.dk",
                    "c-10101",
                    "\"quoted\" \\ ø"),
            Set.of("anna.berg.100@example.se", "jens.holm.101@example.dk"));

    @Test
    void aRunFileLiesInTheStateDirectoryAndReadsBackEqual() throws Exception {
        Path file = RunSubjects.runFile(stateDir, "faults", "mwrgwesx");
        assertThat(file).isEqualTo(stateDir.resolve("bench-runs").resolve("faults-mwrgwesx.subjects"));

        subjects.write(file);
        RunSubjects read = RunSubjects.read(file);

        assertThat(read.subjects()).isEqualTo(subjects.subjects());
        assertThat(read.needles()).isEqualTo(subjects.needles());
        assertThat(read.emails()).isEqualTo(subjects.emails());
        assertThat(read.size()).isEqualTo(2);
        // no temporary file left behind
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("faults-mwrgwesx.subjects");
        }
    }

    @Test
    void theRunFileIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = RunSubjects.runFile(stateDir, "poison", "abc");
        subjects.write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void writingAgainReplacesTheFile() {
        Path file = RunSubjects.runFile(stateDir, "faults", "x");
        RunSubjects.of(Set.of("old"), Set.of("old@example.se")).write(file);
        subjects.write(file);
        assertThat(RunSubjects.read(file).needles()).isEqualTo(subjects.needles());
    }

    @Test
    void aMissingRunFileIsAUsageErrorNamingTheExpectedPath() {
        Path file = RunSubjects.runFile(stateDir, "poison", "nosuchrun");
        assertThatThrownBy(() -> RunSubjects.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("--recheck");
    }

    @Test
    void aRunIdCannotLeadOutOfTheRunsDirectory() {
        assertThatThrownBy(() -> RunSubjects.runFile(stateDir, "faults", "../../etc/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no run id");
        assertThatThrownBy(() -> RunSubjects.runFile(stateDir, "faults", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBrokenRunFileFailsWithoutQuotingIt() throws Exception {
        Path file = RunSubjects.runFile(stateDir, "faults", "broken");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"format\": 1, \"subjects\": [ anna.berg.100@example.se");
        assertThatThrownBy(() -> RunSubjects.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("anna");
        Files.writeString(file, "{\"subjects\": [], \"needles\": [], \"emails\": []}");
        assertThatThrownBy(() -> RunSubjects.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format");
    }
}
