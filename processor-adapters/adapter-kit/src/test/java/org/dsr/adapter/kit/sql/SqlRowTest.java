package org.dsr.adapter.kit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A row of a native query, read by position: the driver's array, or its single value for a one-column select. */
class SqlRowTest {

    @Test
    void aRowOfSeveralColumnsIsReadByPositionWithNullsKept() {
        // given the driver's cells
        SqlRow row = SqlRow.of(new Object[] {"abc", 7L, null});

        // then
        assertThat(row.size()).isEqualTo(3);
        assertThat(row.text(0)).isEqualTo("abc");
        assertThat(row.longValue(1)).isEqualTo(7L);
        assertThat(row.intValue(1)).isEqualTo(7);
        assertThat(row.isNull(2)).isTrue();
        assertThat(row.text(2)).isNull();
    }

    @Test
    void aOneColumnSelectGivesTheValueItselfAndStillMakesARow() {
        assertThat(SqlRow.of(42).value(0)).isEqualTo(42);
        assertThat(SqlRow.of(42).size()).isOne();
        assertThat(new SqlRow(Arrays.asList("a", null)).isNull(1)).isTrue();
    }
}
