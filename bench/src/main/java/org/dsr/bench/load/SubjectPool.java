package org.dsr.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.localstack.LocalStack;

/**
 * The subjects a run erases. First the sample people that still have an account in the hosting store (every adapter
 * loads the same generated population, so each of them has data in all four stores and their erasure does real
 * deletes), leaving out the fixed subjects the demo and system tests use (numbers below 100). When more requests are
 * asked for than people remain, the rest are synthetic addresses that exist nowhere (every processor answers
 * NOT_FOUND): the run says how many of each it used.
 * <p>
 * Subjects are unique within a run because request-service returns the open request instead of creating a second one
 * for the same subject and type. Identifiers stay in memory: never printed.
 */
public final class SubjectPool {

    /** A subject: one EMAIL identifier and its jurisdiction. */
    public record Subject(String email, String jurisdiction, boolean real) {}

    private final List<String> emails;
    private final List<Boolean> swedish;
    private final String syntheticTag;
    private final Pseudonymizer pseudonymizer;

    private SubjectPool(List<String> emails, List<Boolean> swedish, String syntheticTag, Pseudonymizer pseudonymizer) {
        this.emails = emails;
        this.swedish = swedish;
        this.syntheticTag = syntheticTag;
        this.pseudonymizer = pseudonymizer;
    }

    /** Sample people with an account left in the hosting store, by account id. */
    public static SubjectPool load(LocalStack stack, String syntheticTag) {
        List<String> emails = new ArrayList<>();
        List<Boolean> swedish = new ArrayList<>();
        try (Connection c = stack.connect("hosting");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select email, personnummer is not null from accounts where id >= 100" + " order by id")) {
            while (rs.next()) {
                emails.add(rs.getString(1));
                swedish.add(rs.getBoolean(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the hosting sample accounts failed: " + e.getMessage(), e);
        }
        return new SubjectPool(
                emails, swedish, syntheticTag, pseudonymizer(stack.config().keysDirOf("request-service")));
    }

    /** For tests: a pool over given people. */
    static SubjectPool of(List<String> emails, List<Boolean> swedish, String syntheticTag, byte[] secret) {
        return new SubjectPool(emails, swedish, syntheticTag, new Pseudonymizer(secret));
    }

    /** Real sample people available. */
    public int realCount() {
        return emails.size();
    }

    /** Subject number {@code index} (0-based across warm-up and measured requests). */
    public Subject subject(int index) {
        if (index < emails.size()) {
            return new Subject(emails.get(index), swedish.get(index) ? "SE" : "DK", true);
        }
        return new Subject("bench." + syntheticTag + "." + index + "@example.org", index % 3 == 0 ? "DK" : "SE", false);
    }

    /** The pseudonym request-service will give this subject (HMAC of its first identifier under the stack's secret). */
    public String pseudonym(Subject subject) {
        return pseudonymizer.pseudonym(new Identifier(IdentifierType.EMAIL, subject.email()));
    }

    private static Pseudonymizer pseudonymizer(Path keysDir) {
        try {
            String b64 =
                    Files.readString(keysDir.resolve("pseudonym-secret.key")).trim();
            return new Pseudonymizer(Base64.getDecoder().decode(b64));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the stack's pseudonym secret in " + keysDir, e);
        }
    }
}
