package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsr.contracts.crypto.Pseudonymizer;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;
import org.junit.jupiter.api.Test;

class SubjectPoolTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();

    @Test
    void realPeopleFirstThenUniqueSyntheticSubjects() {
        SubjectPool pool =
                SubjectPool.of(List.of("a.b.100@example.se", "c.d.101@example.dk"), List.of(true, false), "t1", SECRET);
        assertThat(pool.subject(0)).isEqualTo(new SubjectPool.Subject("a.b.100@example.se", "SE", true));
        assertThat(pool.subject(1).jurisdiction()).isEqualTo("DK");
        Set<String> emails = new HashSet<>();
        for (int i = 2; i < 1000; i++) {
            SubjectPool.Subject s = pool.subject(i);
            assertThat(s.real()).isFalse();
            assertThat(emails.add(s.email())).isTrue();
        }
    }

    @Test
    void pseudonymIsWhatRequestServiceComputes() {
        SubjectPool pool = SubjectPool.of(List.of("Alice@Example.com"), List.of(true), "t", SECRET);
        String expected =
                new Pseudonymizer(SECRET).pseudonym(new Identifier(IdentifierType.EMAIL, "alice@example.com"));
        assertThat(pool.pseudonym(pool.subject(0))).isEqualTo(expected).hasSize(64);
    }

    @Test
    void intakeEventCarriesTheRequestAsDocumented() throws Exception {
        SubjectPool.Subject s = new SubjectPool.Subject("x.y.200@example.se", "SE", true);
        var event = org.dsr.bench.report.Report.MAPPER.readTree(KafkaIntakeSender.event(s, "bench-1-7"));
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("type").asText()).isEqualTo("org.dsr.intake.request.v1");
        assertThat(event.path("source").asText()).isEqualTo("/bench");
        assertThat(event.path("data").path("type").asText()).isEqualTo("ERASURE");
        assertThat(event.path("data").path("externalId").asText()).isEqualTo("bench-1-7");
        assertThat(event.path("data")
                        .path("subject")
                        .path("identifiers")
                        .get(0)
                        .path("type")
                        .asText())
                .isEqualTo("EMAIL");
    }
}
