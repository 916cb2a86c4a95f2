package org.dsr.kit.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

/** Which failures are an outage to wait out, and which spend a message's attempts. */
class DependencyUnavailableExceptionTest {

    @Test
    void aRefusedOrClosedConnectionOrADatabaseShuttingDownIsAnOutage() {
        assertThat(DependencyUnavailableException.isOutage(new DependencyUnavailableException("key service down")))
                .isTrue();
        assertThat(DependencyUnavailableException.isOutage(
                        new HibernateException("wrapped", new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(DependencyUnavailableException.isOutage(
                        new PgException("terminating connection", "FATAL", "57P01", null)))
                .isTrue();
        assertThat(DependencyUnavailableException.isOutage(
                        new PgException("the database system is starting up", "FATAL", "57P03", null)))
                .isTrue();
        assertThat(DependencyUnavailableException.isOutage(new CompositeException(
                        new IllegalStateException("rollback failed"), new ConnectException("Connection refused"))))
                .isTrue();
    }

    @Test
    void anythingElseIsAnOrdinaryFailure() {
        assertThat(DependencyUnavailableException.isOutage(new IllegalStateException("bug")))
                .isFalse();
        assertThat(DependencyUnavailableException.isOutage(
                        new PgException("duplicate key value", "ERROR", "23505", null)))
                .isFalse();
        assertThat(DependencyUnavailableException.isOutage(new PoisonMessageException("bad content")))
                .isFalse();
        assertThat(DependencyUnavailableException.isOutage(null)).isFalse();
    }
}
