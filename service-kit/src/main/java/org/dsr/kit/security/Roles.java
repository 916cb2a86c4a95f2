package org.dsr.kit.security;

/** The roles a bearer token's {@code groups} claim may carry (docs/security.md has the matrix). */
public final class Roles {

    /** Internal systems and their users: submit, and read what they submitted. */
    public static final String SUBMITTER = "dsr-submitter";
    /** Read every request, list and filter, enter requests for someone, verify them. */
    public static final String OPERATOR = "dsr-operator";
    /** Read completion records, look a person up by identifier. */
    public static final String COMPLIANCE = "dsr-compliance";
    /** Processor adapters: fetch a request's data key. */
    public static final String ADAPTER = "dsr-adapter";

    private Roles() {}
}
