package org.dsr.adapter.kit.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An adapter's sample data: loaded at startup when {@code dsr.sample-data.enabled=true} and the store is empty,
 * in one JDBC transaction under an advisory lock (so two instances never load twice). Use batched inserts.
 */
public interface SampleDataSet {

    /** The table whose rows every other table hangs from: the store counts as empty while it is. */
    String anchorTable();

    default boolean isEmpty(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("select not exists (select 1 from " + anchorTable() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** @return rows inserted, for the log */
    int load(Connection connection, SamplePopulation population) throws SQLException;
}
