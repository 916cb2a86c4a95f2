package org.dsr.bench.fault;

import java.nio.file.Files;
import java.nio.file.Path;
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

import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.localstack.LocalStack;

/**
 * The real sample people a harness run erases (generated people, account ids from 100 on, so the fixed subjects of the
 * demo and the system tests stay), read from the hosting store before the run together with what identifies them in
 * the four stores, so the end check can look for leftovers after their data is gone. Nothing here is ever printed.
 */
public final class RunSubjects {

    /** One subject: index in the run, email (the identifier sent), jurisdiction. */
    public record Subject(int index, long accountId, String email, String jurisdiction) {
    }

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
        try (Connection c = stack.connect("hosting"); Statement st = c.createStatement();
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
     * For re-checking an earlier run on the same state directory: subject {@code i} is account {@code 100 + i} (the
     * generated people in order). Only the accounts still in the hosting store give identifiers to look for, so
     * leftovers of a subject whose hosting account is gone are not seen.
     */
    public static RunSubjects loadForRecheck(LocalStack stack, int count) {
        List<Subject> subjects = new ArrayList<>();
        Set<String> erased = new HashSet<>();
        Set<String> kept = new HashSet<>();
        Set<String> emails = new HashSet<>();
        java.util.Map<Long, String[]> present = new java.util.HashMap<>();
        try (Connection c = stack.connect("hosting"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select a.id, a.email, a.full_name, a.personnummer, a.user_id, p.phone"
                        + " from accounts a left join profiles p on p.account_id = a.id order by a.id")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                List<String> values = new ArrayList<>();
                for (int col = 2; col <= 6; col++) {
                    String v = rs.getString(col);
                    if (v != null && !v.isBlank()) {
                        values.add(v.toLowerCase(Locale.ROOT));
                    }
                }
                values.add(("c-" + (10_000 + id)).toLowerCase(Locale.ROOT));
                if (id >= 100 && id < 100 + count) {
                    erased.addAll(values);
                    emails.add(rs.getString(2).toLowerCase(Locale.ROOT));
                    present.put(id, new String[] { rs.getString(2), rs.getString(4) != null ? "SE" : "DK" });
                } else {
                    kept.addAll(values);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the hosting sample accounts failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < count; i++) {
            String[] p = present.get(100L + i);
            subjects.add(new Subject(i, 100L + i, p == null ? null : p[0], p == null ? "SE" : p[1]));
        }
        erased.removeAll(kept);
        return new RunSubjects(List.copyOf(subjects), Set.copyOf(erased), Set.copyOf(emails));
    }

    /** For tests: a set of subjects given by their identifying values. */
    static RunSubjects of(Set<String> needles, Set<String> emails) {
        return new RunSubjects(List.of(), needles, emails);
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

    /** The pseudonym request-service gives a subject: HMAC of its EMAIL identifier under the stack's secret. */
    public static Pseudonymizer pseudonymizer(Path keysDir) {
        try {
            String b64 = Files.readString(keysDir.resolve("pseudonym-secret.key")).trim();
            return new Pseudonymizer(Base64.getDecoder().decode(b64));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the stack's pseudonym secret in " + keysDir, e);
        }
    }

    public static String pseudonym(Pseudonymizer p, Subject s) {
        return p.pseudonym(new Identifier(IdentifierType.EMAIL, s.email()));
    }
}
