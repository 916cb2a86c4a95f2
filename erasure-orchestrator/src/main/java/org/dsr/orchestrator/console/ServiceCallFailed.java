package org.dsr.orchestrator.console;

import jakarta.ws.rs.core.Response;

/**
 * Another service refused a call of the console or failed it (request-service's look-up, the connector's tasks):
 * the status and the service's problem+json body, which never quotes the input. The message names only the status.
 */
public class ServiceCallFailed extends RuntimeException {

    private final int status;
    private final String problem;

    public ServiceCallFailed(String service, int status, String problem) {
        super(service + " answered " + status, null, false, false);
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public String problem() {
        return problem;
    }

    /** The body of a refusal as text, or null when there is none or it cannot be read. */
    public static String body(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
