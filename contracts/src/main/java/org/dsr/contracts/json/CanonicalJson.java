package org.dsr.contracts.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/** RFC 8785 (JCS) canonical form: the exact bytes that are hashed and signed. */
public final class CanonicalJson {

    private CanonicalJson() {}

    public static String canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not canonicalisable JSON", e);
        }
    }

    public static String canonicalize(Object value) {
        return canonicalize(Json.write(value));
    }

    public static byte[] bytes(Object value) {
        return canonicalize(value).getBytes(StandardCharsets.UTF_8);
    }
}
