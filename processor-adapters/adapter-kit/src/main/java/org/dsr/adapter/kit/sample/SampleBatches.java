package org.dsr.adapter.kit.sample;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The JDBC batches of a sample data set's tables, run in the order given (parents before children) every
 * {@value #PEOPLE_PER_RUN} people and at the end. Loading a large population then never holds all its rows in
 * memory: the analytics set alone is about 15 rows per person, and 50,000 people held at once ran a 384 MB heap out.
 */
public final class SampleBatches {

    static final int PEOPLE_PER_RUN = 1_000;

    private final List<PreparedStatement> parentsFirst;
    private int people;

    public SampleBatches(PreparedStatement... parentsFirst) {
        this.parentsFirst = List.of(parentsFirst);
    }

    /** Call after each person's rows were added. */
    public void personAdded() throws SQLException {
        if (++people % PEOPLE_PER_RUN == 0) {
            run();
        }
    }

    /** Runs what is pending, in order; call once more when every row was added. */
    public void run() throws SQLException {
        for (PreparedStatement statement : parentsFirst) {
            statement.executeBatch();
        }
    }
}
