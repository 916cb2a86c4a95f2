package org.dsr.adapter.kit.testing;

/**
 * The key the sample processors' own APIs ask for in tests: each module's
 * {@code src/test/resources/platform-api/test.key} holds it ({@code %test.platform-api.key-file}).
 */
public final class PlatformApiTestKey {

    public static final String HEADER = "X-Api-Key";
    public static final String KEY = "platform-test-key-0123456789abcdef0123456789";

    private PlatformApiTestKey() {}
}
