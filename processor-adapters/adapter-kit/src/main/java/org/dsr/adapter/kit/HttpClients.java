package org.dsr.adapter.kit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import org.jboss.resteasy.reactive.client.impl.ClientBuilderImpl;

/**
 * The one way the services' HTTP clients are made (issue 19: one HTTP client stack): the Quarkus REST client's JAX-RS
 * {@link Client} (RESTEasy Reactive on Vert.x; inside a Quarkus service on its Vert.x, in a plain unit test on one of
 * its own). Every client here waits {@code timeout} to connect and {@code timeout} for data once connected, never
 * follows a redirect (one could carry the credentials elsewhere), verifies the server's certificate and host name
 * against the JVM's trust store, speaks HTTP/1.1 and keeps up to 50 connections to a peer (the client's default). Bodies go out as the exact bytes or text the caller made and
 * come back as bytes: no JSON mapping in between, so a signature over a body signs what is sent.
 * <p>
 * A call that gets no answer fails with the client's {@link ProcessingException}; {@link #timedOut} and
 * {@link #cause} tell what happened in words that name no data.
 */
public final class HttpClients {

    private HttpClients() {}

    /** A client for one peer: connect and read timeouts of {@code timeout}, redirects not followed. */
    public static Client client(Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return ((ClientBuilderImpl) ClientBuilder.newBuilder())
                .followRedirects(false)
                .connectTimeout(millis, TimeUnit.MILLISECONDS)
                .readTimeout(millis, TimeUnit.MILLISECONDS)
                .build();
    }

    /** Whether a failure is the peer giving no answer (not reachable, connection lost, too slow). */
    public static boolean noAnswer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProcessingException || t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether no answer came in time (the read timeout passed). */
    public static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Vert.x's read timeout is a TimeoutException, Netty's connect timeout a ConnectTimeoutException
            if (t instanceof TimeoutException || t.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The simple class name of what went wrong underneath the client's wrapper (ConnectException,
     * TimeoutException...): the first I/O or timeout failure in the causes, else the innermost cause.
     */
    public static String cause(Throwable failure) {
        Throwable last = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return plainName(t);
            }
            last = t;
        }
        return plainName(last);
    }

    /** Netty's AnnotatedConnectException is a ConnectException: name the JDK class it stands for. */
    private static String plainName(Throwable t) {
        Class<?> type = t.getClass();
        while (type.getSuperclass() != null && !type.getName().startsWith("java.")) {
            type = type.getSuperclass();
        }
        return type.getName().startsWith("java.")
                        && type != Object.class
                        && type != Throwable.class
                        && type != Exception.class
                        && type != RuntimeException.class
                ? type.getSimpleName()
                : t.getClass().getSimpleName();
    }
}
