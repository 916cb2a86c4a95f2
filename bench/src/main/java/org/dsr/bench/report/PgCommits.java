package org.dsr.bench.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsr.localstack.LocalStack;

/**
 * Committed transactions per service database from {@code pg_stat_database.xact_commit}. PostgreSQL 15+ backends
 * flush their counters at the end of a busy transaction at most once a second and an idle backend only after
 * {@value #STATS_SETTLE_SECONDS} s, so a reading is taken after the system has been quiet that long.
 */
public final class PgCommits {

    /** PGSTAT_IDLE_INTERVAL (10 s) plus a margin. */
    public static final int STATS_SETTLE_SECONDS = 11;

    private PgCommits() {}

    public static Map<String, Long> read(LocalStack stack, List<String> databases) {
        try (Connection c = stack.connect("postgres");
                PreparedStatement st = c.prepareStatement(
                        "select datname, xact_commit from pg_stat_database where datname = any(?)")) {
            st.setArray(1, c.createArrayOf("text", databases.toArray()));
            Map<String, Long> commits = new TreeMap<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    commits.put(rs.getString(1), rs.getLong(2));
                }
            }
            return commits;
        } catch (SQLException e) {
            throw new IllegalStateException("reading pg_stat_database failed: " + e.getMessage(), e);
        }
    }

    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((db, n) -> d.put(db, n - before.getOrDefault(db, 0L)));
        return d;
    }

    public static long total(Map<String, Long> commits) {
        return commits.values().stream().mapToLong(Long::longValue).sum();
    }

    public static void settle() {
        try {
            Thread.sleep(STATS_SETTLE_SECONDS * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
