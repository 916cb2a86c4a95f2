package org.dsr.contracts;

import java.util.Collection;
import java.util.List;

/**
 * The {@code aud} of bearer tokens: each service accepts only tokens naming it ({@code mp.jwt.verify.audiences}), so
 * a token stolen from, or minted for, one service is refused by the others.
 * <ul>
 * <li>An adapter's token ({@code dsr-adapter}) names {@link #REQUEST_SERVICE} only: it fetches data keys there and
 * nothing else.</li>
 * <li>A person's token (submitter, operator, compliance) names every service a person uses: request-service (API),
 * the orchestrator (console, API) and the connector (operator tasks), because the console calls request-service and
 * the connector on the person's behalf with the person's own token. An identity provider issues it for the DSR
 * API as one resource with these three audiences.</li>
 * </ul>
 */
public final class Audiences {

    public static final String REQUEST_SERVICE = "request-service";
    public static final String ORCHESTRATOR = "erasure-orchestrator";
    public static final String CONNECTOR = "connector";

    /** What a person's token names. */
    public static final List<String> PERSON = List.of(REQUEST_SERVICE, ORCHESTRATOR, CONNECTOR);

    private static final String ADAPTER_ROLE = "dsr-adapter";

    private Audiences() {}

    /** The audiences of a token with these roles: request-service alone for an adapter, a person's otherwise. */
    public static List<String> forRoles(Collection<String> roles) {
        return !roles.isEmpty() && roles.stream().allMatch(ADAPTER_ROLE::equals) ? List.of(REQUEST_SERVICE) : PERSON;
    }
}
