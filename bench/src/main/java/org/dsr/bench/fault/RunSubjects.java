package org.dsr.bench.fault;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.localstack.LocalStack;

/**
 * The real sample people a harness run erases (generated people, account ids from 100 on, so the fixed subjects of the
 * demo and the system tests stay), read from the hosting store before the run together with what identifies them in
 * the four stores, so the end check can look for leftovers after their data is gone. A run keeps them in its run file
 * in the state directory ({@link #runFile}) for {@code --recheck}, since the run erases them from the hosting store.
 * Nothing here is ever printed.
 */
public final class RunSubjects {

    /** One subject: index in the run, email (the identifier sent), jurisdiction. */
    public record Subject(int index, long accountId, String email, String jurisdiction) {}

    /** Directory of the run files inside a stack's state directory. */
    public static final String RUNS_DIR = "bench-runs";

    private static final int FORMAT = 1;
    private static final ObjectMapper RUN_FILE_MAPPER =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What a run file holds (JSON). */
    private record RunFile(int format, List<Subject> subjects, List<String> needles, List<String> emails) {}

    private final List<Subject> subjects;
    private final Set<String> needles;
    private final Set<String> emails;

    private RunSubjects(List<Subject> subjects, Set<String> needles, Set<String> emails) {
        this.subjects = subjects;
        this.needles = needles;
        this.emails = emails;
    }

    /**
     * Takes the first {@code count} generated people still present in the hosting store.
     *
     * @throws IllegalStateException when fewer remain (start a fresh state directory with a larger population)
     */
    public static RunSubjects load(LocalStack stack, int count) {
        List<Subject> subjects = new ArrayList<>();
        Set<String> erased = new HashSet<>();
        Set<String> kept = new HashSet<>();
        Set<String> emails = new HashSet<>();
        try (Connection c = stack.connect("hosting");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select a.id, a.email, a.full_name, a.personnummer, a.user_id, p.phone"
                        + " from accounts a left join profiles p on p.account_id = a.id order by a.id")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String email = rs.getString(2);
                boolean inRun = id >= 100 && subjects.size() < count;
                List<String> values = new ArrayList<>();
                for (int col = 2; col <= 6; col++) {
                    String v = rs.getString(col);
                    if (v != null && !v.isBlank()) {
                        values.add(v.toLowerCase(Locale.ROOT));
                    }
                }
                // payments knows customers by "C-<10000 + number>" (SamplePopulation)
                values.add(("c-" + (10_000 + id)).toLowerCase(Locale.ROOT));
                if (inRun) {
                    subjects.add(new Subject(subjects.size(), id, email, rs.getString(4) != null ? "SE" : "DK"));
                    erased.addAll(values);
                    emails.add(email.toLowerCase(Locale.ROOT));
                } else {
                    kept.addAll(values);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the hosting sample accounts failed: " + e.getMessage(), e);
        }
        if (subjects.size() < count) {
            throw new IllegalStateException("only " + subjects.size() + " sample people left in the hosting store, "
                    + count + " needed: start with a fresh --state-dir (the adapters load " + count
                    + " people into an empty store)");
        }
        // a value another (kept) person also has, e.g. a common name, is no evidence of a leftover
        erased.removeAll(kept);
        return new RunSubjects(List.copyOf(subjects), Set.copyOf(erased), Set.copyOf(emails));
    }

    /**
     * The run file of run {@code tag} of harness {@code kind} ({@code faults}, {@code poison}):
     * {@code <stateDir>/bench-runs/<kind>-<tag>.subjects}. It sits in the state directory, next to the databases that
     * hold the same sample people, and never under {@code bench/results} (committed).
     *
     * @throws IllegalArgumentException when {@code tag} is no run id (letters, digits, '-' and '_' only)
     */
    public static Path runFile(Path stateDir, String kind, String tag) {
        if (tag == null || !tag.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException(
                    "--recheck: '" + tag + "' is no run id (give the id after \"run\" in" + " the run's output)");
        }
        return stateDir.resolve(RUNS_DIR).resolve(kind + "-" + tag + ".subjects");
    }

    /**
     * Writes these subjects, their needles and emails (exactly as {@link #load} computed them, the kept people already
     * subtracted) to {@code file} as JSON, readable by the owner only where the file system has POSIX permissions, so
     * that {@code --recheck} can check the run after its erasures removed the people from the hosting store.
     *
     * @throws IllegalStateException when the file cannot be written
     */
    public void write(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            boolean posix =
                    Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView(PosixFileAttributeView.class);
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            // a temporary file is created rw------- on POSIX; moved into place so a reader never sees half a file
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                if (posix) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                }
                RunFile content = new RunFile(
                        FORMAT,
                        subjects,
                        new TreeSet<>(needles).stream().toList(),
                        new TreeSet<>(emails).stream().toList());
                Files.write(tmp, RUN_FILE_MAPPER.writeValueAsBytes(content));
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the run's subjects to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads what {@link #write} wrote, for {@code --recheck}.
     *
     * @throws IllegalArgumentException when there is no such file (a usage error: wrong run id or state directory, or
     *         a run started before run files were written)
     * @throws IllegalStateException when the file cannot be read or is not a run file
     */
    public static RunSubjects read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--recheck: no subjects file " + file + " (it is written when a run"
                    + " starts; give the run id the run printed and the same --state-dir)");
        }
        RunFile content;
        try {
            content = RUN_FILE_MAPPER.readValue(file.toFile(), RunFile.class);
        } catch (IOException e) {
            // the message of a parse error can quote the file's content: never print it
            throw new IllegalStateException(
                    "cannot read the run's subjects from " + file + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
        if (content == null
                || content.format() != FORMAT
                || content.subjects() == null
                || content.needles() == null
                || content.emails() == null) {
            throw new IllegalStateException(file + " is not a subjects file of format " + FORMAT);
        }
        for (int i = 0; i < content.subjects().size(); i++) {
            if (content.subjects().get(i) == null || content.subjects().get(i).index() != i) {
                throw new IllegalStateException(file + ": subject " + i + " is missing or out of order");
            }
        }
        return new RunSubjects(
                List.copyOf(content.subjects()), Set.copyOf(content.needles()), Set.copyOf(content.emails()));
    }

    private static Path existingAncestor(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? dir.getRoot() : p;
    }

    /** For tests: a set of subjects given by their identifying values. */
    static RunSubjects of(Set<String> needles, Set<String> emails) {
        return new RunSubjects(List.of(), needles, emails);
    }

    /** For tests: the given subjects and their identifying values. */
    static RunSubjects of(List<Subject> subjects, Set<String> needles, Set<String> emails) {
        return new RunSubjects(List.copyOf(subjects), Set.copyOf(needles), Set.copyOf(emails));
    }

    public List<Subject> subjects() {
        return subjects;
    }

    public int size() {
        return subjects.size();
    }

    /** Lower-case values (email, name, personnummer, user id, phone, customer number) that identify erased people. */
    public Set<String> needles() {
        return needles;
    }

    public Set<String> emails() {
        return emails;
    }

    /** The pseudonym request-service gives a subject: HMAC of its EMAIL identifier under its secret (its key set). */
    public static Pseudonymizer pseudonymizer(Path keysDir) {
        try {
            String b64 =
                    Files.readString(keysDir.resolve("pseudonym-secret.key")).trim();
            return new Pseudonymizer(Base64.getDecoder().decode(b64));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the stack's pseudonym secret in " + keysDir, e);
        }
    }

    public static String pseudonym(Pseudonymizer p, Subject s) {
        return p.pseudonym(new Identifier(IdentifierType.EMAIL, s.email()));
    }
}
