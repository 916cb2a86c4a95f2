package org.dsr.kit.inbox;

/**
 * Something this service depends on (its database, the broker, another service) cannot be reached. The message being
 * processed is fine, so the consumer waits the outage out ({@code dsr.consumer.outage-patience}) instead of spending
 * the message's attempts and dead-lettering it.
 */
public class DependencyUnavailableException extends IllegalStateException {

    public DependencyUnavailableException(String message) {
        super(message);
    }

    /**
     * Whether a failure is an outage of a dependency: this exception, a refused or closed connection, or PostgreSQL
     * shutting down, starting up or refusing connections (SQLSTATE 57P01-57P03, class 08), anywhere in the causes.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DependencyUnavailableException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            String type = t.getClass().getName();
            if (type.endsWith(".ClosedConnectionException")) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg
                    && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P0"))) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isOutage(suppressed)) {
                    return true;
                }
            }
            if (t instanceof io.smallrye.mutiny.CompositeException composite) {
                for (Throwable cause : composite.getCauses()) {
                    if (cause != t && isOutage(cause)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
