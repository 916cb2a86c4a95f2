package org.dsr.contracts.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The c2sp.org/tlog-cosignature v1 (Ed25519) signed message and timestamp. */
public final class Cosignatures {

    private Cosignatures() {}

    /** {@code cosignature/v1\ntime <t>\n} followed by the checkpoint's text. */
    public static byte[] message(String checkpointText, long unixSeconds) {
        return ("cosignature/v1\ntime " + unixSeconds + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** When a v1 cosignature was made (POSIX seconds), from its signature bytes. */
    public static long timestamp(NoteSignature cosignature) {
        byte[] bytes = cosignature.signature();
        if (bytes.length < 8) {
            throw new IllegalArgumentException("not a timestamped cosignature");
        }
        return ByteBuffer.wrap(bytes).getLong();
    }
}
