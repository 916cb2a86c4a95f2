package org.dsr.bench.ceiling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.bench.report.Report;
import org.dsr.localstack.LocalStack;

/**
 * pgbench-style commit ceiling of the stack's PostgreSQL: {@code clients} JDBC connections, each inserting one row
 * per transaction in autocommit for {@code duration}, into a scratch database {@value #DATABASE} that is created
 * first and dropped afterwards.
 */
public final class PostgresCeiling {

    public static final String DATABASE = "bench_ceiling";

    public record Result(int clients, double seconds, long commits, double commitsPerSecond) {

        public ObjectNode toJson() {
            ObjectNode n = Report.MAPPER.createObjectNode();
            n.put("tool", "JDBC, one single-row INSERT per autocommit transaction per client");
            n.put("database", DATABASE);
            n.put("clients", clients);
            n.put("seconds", Report.round(seconds, 2));
            n.put("commits", commits);
            n.put("commits_per_s", Report.round(commitsPerSecond, 1));
            return n;
        }
    }

    private PostgresCeiling() {}

    public static Result measure(LocalStack stack, int clients, Duration duration) {
        try {
            recreate(stack);
            try (Connection c = stack.connect(DATABASE);
                    Statement st = c.createStatement()) {
                st.execute("create table commits (id bigserial primary key, client int not null, n bigint not null,"
                        + " at timestamptz not null default now())");
            }
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Connection c = stack.connect(DATABASE);
                c.setAutoCommit(true);
                connections.add(c);
            }
            AtomicLong commits = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            long[] window = new long[2];
            for (int i = 0; i < clients; i++) {
                int client = i;
                Connection c = connections.get(i);
                Thread t = new Thread(
                        () -> {
                            try (PreparedStatement insert =
                                    c.prepareStatement("insert into commits (client, n) values (?, ?)")) {
                                start.await();
                                long end = window[1];
                                long n = 0;
                                while (System.nanoTime() < end) {
                                    insert.setInt(1, client);
                                    insert.setLong(2, n++);
                                    insert.executeUpdate();
                                    commits.incrementAndGet();
                                }
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            }
                        },
                        "pg-ceiling-" + i);
                threads.add(t);
                t.start();
            }
            window[0] = System.nanoTime();
            window[1] = window[0] + duration.toNanos();
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - window[0]) / 1e9;
            for (Connection c : connections) {
                c.close();
            }
            drop(stack);
            if (failure.get() != null) {
                throw new IllegalStateException("PostgreSQL ceiling failed: " + failure.get(), failure.get());
            }
            return new Result(clients, seconds, commits.get(), commits.get() / seconds);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL ceiling failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void recreate(LocalStack stack) throws SQLException {
        drop(stack);
        try (Connection c = stack.connect("postgres");
                Statement st = c.createStatement()) {
            st.execute("create database " + DATABASE);
        }
    }

    private static void drop(LocalStack stack) throws SQLException {
        try (Connection c = stack.connect("postgres");
                Statement st = c.createStatement()) {
            st.execute("drop database if exists " + DATABASE + " with (force)");
        }
    }
}
