package org.dsr.testsupport;

import java.util.List;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/**
 * Bearer tokens for tests, signed with the test-only key pair on this module's classpath
 * ({@code test-jwt-private.pem}; services under test verify with {@code test-jwt-public.pem}). Set
 * {@code %test.smallrye.jwt.sign.key.location=test-jwt-private.pem} in the service under test.
 */
public final class TestTokens {

    public static final String ISSUER = "dsr-local";

    private TestTokens() {
    }

    public static String token(String subject, String... roles) {
        return Jwt.issuer(ISSUER).subject(subject).groups(Set.of(roles)).expiresIn(3600).sign();
    }

    /** The claim naming the processors an adapter's or connector's token acts for (an array of processor names). */
    public static final String PROCESSORS_CLAIM = "dsr_processors";

    /**
     * A {@code dsr-adapter} token acting for these processors (claim {@value #PROCESSORS_CLAIM}): request-service
     * releases a data key only for a command addressed to one of them.
     */
    public static String adapterToken(String subject, String... processors) {
        return Jwt.issuer(ISSUER).subject(subject).groups(Set.of("dsr-adapter"))
                .claim(PROCESSORS_CLAIM, List.of(processors)).expiresIn(3600).sign();
    }
}
