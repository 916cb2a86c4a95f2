package org.dsr.adapter.kit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedParametersTest {

    @Test
    void numbersNamesInOrderOfFirstUseAndReusesAPositionForARepeatedName() {
        var p = NamedParameters.convert("select * from t where a = any(cast(cast(:ids as text) as bigint[]))"
                + " and b = :m0 or c = any(cast(cast(:ids as text) as bigint[]))");
        assertThat(p.sql())
                .isEqualTo("select * from t where a = any(cast(cast($1 as text) as bigint[]))"
                        + " and b = $2 or c = any(cast(cast($1 as text) as bigint[]))");
        assertThat(p.names()).containsExactly("ids", "m0");
    }

    @Test
    void leavesQuotedTextQuotedNamesAndCastsAlone() {
        var p = NamedParameters.convert(
                "update t set a = '[anonymised]', b = ':not', \"x:y\" = now()::date where id = :id");
        assertThat(p.sql())
                .isEqualTo("update t set a = '[anonymised]', b = ':not', \"x:y\" = now()::date where id = $1");
        assertThat(p.names()).containsExactly("id");
    }

    @Test
    void givesMariaDbOneQuestionMarkPerUseLeavingJsonPathsAndBacktickNamesAlone() {
        var p = NamedParameters.questionMarks("select * from t where a in (select v from json_table(:ids, '$[*]'"
                + " columns (v bigint path '$')) j) and `b:c` = :m0 or d in (select v from json_table(:ids, '$[*]'"
                + " columns (v bigint path '$')) j)");
        assertThat(p.sql())
                .isEqualTo("select * from t where a in (select v from json_table(?, '$[*]' columns (v bigint"
                        + " path '$')) j) and `b:c` = ? or d in (select v from json_table(?, '$[*]' columns (v bigint path"
                        + " '$')) j)");
        assertThat(p.names()).containsExactly("ids", "m0", "ids");
    }
}
