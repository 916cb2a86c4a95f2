package org.dsr.bench.floor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.dsr.bench.report.ProcStats;

/**
 * Runs one store's {@link FloorScript} for a batch of subjects in one transaction and measures it: wall time and the
 * CPU time of the PostgreSQL backend that ran it ({@code /proc/<pg_backend_pid()>/stat}). Filling the batch's
 * {@code floor_subjects} table happens before the clock starts; the commit is inside it.
 */
public final class ErasureFloor {

    /** What one store's erasure of one batch cost. */
    public record BatchCost(String store, int subjects, long matched, long wallNanos, long backendCpuTicks) {}

    private ErasureFloor() {}

    public static BatchCost run(Connection c, FloorScript script, List<String> emails, ProcStats proc)
            throws SQLException {
        c.setAutoCommit(false);
        long backend;
        try (Statement st = c.createStatement()) {
            st.execute("drop table if exists floor_subjects");
            st.execute("create temp table floor_subjects (email text not null)");
            try (ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
                rs.next();
                backend = rs.getLong(1);
            }
        }
        try (PreparedStatement insert = c.prepareStatement("insert into floor_subjects (email) values (?)")) {
            for (String email : emails) {
                insert.setString(1, email);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Statement st = c.createStatement()) {
            st.execute("analyze floor_subjects");
        }
        c.commit();

        long cpuBefore = proc.process(backend).cpuTicks();
        long t0 = System.nanoTime();
        long[] verification = execute(c, script);
        // a script that no longer erases everything must not leave its partial work behind
        if (verification[0] < 0 || verification[1] != 0) {
            c.rollback();
            throw new IllegalStateException(
                    verification[0] < 0
                            ? "floor script " + script.store()
                                    + " does not end with a statement returning matched and remaining"
                            : "floor script " + script.store() + " left " + verification[1]
                                    + " rows of the batch's subjects: it no longer erases what the adapter erases");
        }
        c.commit();
        long wall = System.nanoTime() - t0;
        long cpu = proc.process(backend).cpuTicks() - cpuBefore;
        return new BatchCost(script.store(), emails.size(), verification[0], wall, cpu);
    }

    /** Runs every statement; returns the last one's {@code matched} and {@code remaining} ({@code -1} if absent). */
    private static long[] execute(Connection c, FloorScript script) throws SQLException {
        long[] verification = {-1, -1};
        try (Statement st = c.createStatement()) {
            List<String> statements = script.statements();
            for (int i = 0; i < statements.size(); i++) {
                boolean last = i == statements.size() - 1;
                if (st.execute(statements.get(i))) {
                    try (ResultSet rs = st.getResultSet()) {
                        // every row is read, as an adapter reads its per-subject counts for the evidence
                        while (rs.next()) {
                            if (last) {
                                verification[0] = rs.getLong("matched");
                                verification[1] = rs.getLong("remaining");
                            }
                        }
                    }
                }
            }
            return verification;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }
}
