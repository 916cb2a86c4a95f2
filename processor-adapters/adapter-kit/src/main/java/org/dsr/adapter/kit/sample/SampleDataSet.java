package org.dsr.adapter.kit.sample;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * An adapter's sample data: loaded at startup when {@code dsr.sample-data.enabled=true} and the store is empty,
 * in one JDBC transaction under an advisory lock (so two instances never load twice). Use batched inserts.
 */
public interface SampleDataSet {

    /** Whether the store holds no data yet, e.g. {@code select not exists (select 1 from accounts)}. */
    boolean isEmpty(Connection connection) throws SQLException;

    /** @return rows inserted, for the log */
    int load(Connection connection, SamplePopulation population) throws SQLException;
}
