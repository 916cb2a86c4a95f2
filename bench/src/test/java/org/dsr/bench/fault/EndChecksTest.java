package org.dsr.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EndChecksTest {

    private final RunSubjects subjects = RunSubjects.of(
            Set.of("anna.berg.100@example.se", "anna berg", "199001010017", "c-10100"),
            Set.of("anna.berg.100@example.se"));

    @Test
    void findsAnErasedSubjectAsAWholeValueInsideTextAndInsideJson() {
        assertThat(EndChecks.holdsSubject("Anna.Berg.100@example.se", subjects)).isTrue();
        assertThat(EndChecks.holdsSubject("sent to <anna.berg.100@example.se> ok", subjects))
                .isTrue();
        assertThat(EndChecks.holdsSubject("{\"author\": \"Anna Berg\", \"pages\": 3}", subjects))
                .isTrue();
        assertThat(EndChecks.holdsSubject("C-10100", subjects)).isTrue();
    }

    @Test
    void ignoresOtherPeopleAndPartialMatches() {
        assertThat(EndChecks.holdsSubject("anna.berg.1000@example.se", subjects))
                .isFalse();
        assertThat(EndChecks.holdsSubject("C-101000", subjects)).isFalse();
        assertThat(EndChecks.holdsSubject("{\"author\": \"Anna Bergström\"}", subjects))
                .isFalse();
        assertThat(EndChecks.holdsSubject("/dashboard", subjects)).isFalse();
    }
}
