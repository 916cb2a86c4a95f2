package org.dsr.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FloorScriptTest {

    @Test
    void statementsEndAtASemicolonOnTheEndOfALineAndCommentLinesAreDropped() {
        List<String> statements = FloorScript.parse("""
                -- a comment; with a semicolon
                create temp table s as
                    select 1;

                with x as (delete from t returning id)
                    select id from x;
                select 1 as matched, 0 as remaining
                """);

        assertThat(statements)
                .containsExactly(
                        "create temp table s as\n    select 1",
                        "with x as (delete from t returning id)\n    select id from x",
                        "select 1 as matched, 0 as remaining");
    }

    @Test
    void everySampleAdapterHasAScriptEndingWithItsVerification() {
        List<FloorScript> scripts = FloorScript.adapters();

        assertThat(scripts)
                .extracting(FloorScript::store)
                .containsExactly("hosting", "email-delivery", "analytics", "payments");
        assertThat(scripts).allSatisfy(s -> {
            assertThat(s.statements().get(s.statements().size() - 1))
                    .contains("as matched")
                    .contains("as remaining");
            assertThat(s.statements()).allSatisfy(sql -> assertThat(sql).doesNotContain(";"));
        });
    }

    @Test
    void anEmptyScriptIsRefused() {
        assertThatThrownBy(() -> new FloorScript("x", "x", FloorScript.parse("-- nothing\n")))
                .hasMessageContaining("no statements");
    }
}
