package org.dsr.testsupport;

import java.util.List;
import java.util.Set;
import io.smallrye.jwt.build.Jwt;
import org.dsr.contracts.Audiences;

/**
 * Bearer tokens for tests, signed with the test-only key pair on this module's classpath
 * ({@code test-jwt-private.pem}; services under test verify with {@code test-jwt-public.pem}). Set
 * {@code %test.smallrye.jwt.sign.key.location=test-jwt-private.pem} in the service under test.
 */
public final class TestTokens {

    public static final String ISSUER = "dsr-local";

    private TestTokens() {}

    /**
     * A valid token with the audiences a token with these roles names ({@link Audiences}), for an hour; an adapter's
     * for five minutes, as adapters' tokens are short-lived.
     */
    public static String token(String subject, String... roles) {
        return forAudience(Audiences.forRoles(List.of(roles)), subject, roles);
    }

    /** A valid token naming exactly these audiences, e.g. another service's. */
    public static String forAudience(List<String> audiences, String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .groups(Set.of(roles))
                .audience(Set.copyOf(audiences))
                .expiresIn(lifetimeSeconds(roles))
                .sign();
    }

    private static long lifetimeSeconds(String... roles) {
        return List.of(roles).stream().allMatch("dsr-adapter"::equals) ? 300 : 3600;
    }

    /** A token with the right audiences that expired a minute ago (issued an hour before). */
    public static String expired(String subject, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .groups(Set.of(roles))
                .audience(Set.copyOf(Audiences.forRoles(List.of(roles))))
                .issuedAt(now - 3600)
                .expiresAt(now - 60)
                .sign();
    }

    /** The claim naming the processors an adapter's or connector's token acts for (an array of processor names). */
    public static final String PROCESSORS_CLAIM = "dsr_processors";

    /**
     * A {@code dsr-adapter} token acting for these processors (claim {@value #PROCESSORS_CLAIM}): request-service
     * releases a data key only for a command addressed to one of them.
     */
    public static String adapterToken(String subject, String... processors) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .groups(Set.of("dsr-adapter"))
                .audience(Set.copyOf(Audiences.forRoles(List.of("dsr-adapter"))))
                .claim(PROCESSORS_CLAIM, List.of(processors))
                .expiresIn(lifetimeSeconds("dsr-adapter"))
                .sign();
    }
}
