package org.dsr.bench.poison;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.bench.fault.IntakeEvents;

/**
 * Malformed intake events of many kinds, each one a value request-service must refuse and dead-letter (docs/intake.md):
 * broken bytes, JSON that is no CloudEvent, CloudEvents of the wrong type or shape, and requests that break the
 * {@code org.dsr.intake.request.v1} schema or the identifier rules. Every value is synthetic; nothing names a real
 * person. A kind is picked per event number from the seed, so the mix is reproducible.
 */
public final class MalformedEvents {

    /** What is wrong with the event. */
    public enum Kind {
        NOT_JSON,
        EMPTY_VALUE,
        NULL_VALUE,
        BINARY_GARBAGE,
        TRUNCATED_JSON,
        UTF16_ENCODED,
        INVALID_UTF8,
        JSON_ARRAY,
        JSON_SCALAR,
        NOT_A_CLOUDEVENT,
        WRONG_SPECVERSION,
        MISSING_ID,
        UNKNOWN_TYPE,
        MISSING_DATA,
        DATA_NOT_OBJECT,
        MISSING_SUBJECT,
        NO_IDENTIFIERS,
        TOO_MANY_IDENTIFIERS,
        UNKNOWN_IDENTIFIER_TYPE,
        INVALID_EMAIL,
        INVALID_PERSONNUMMER,
        INVALID_PHONE,
        UNKNOWN_JURISDICTION,
        MISSING_JURISDICTION,
        UNKNOWN_REQUEST_TYPE,
        PENDING_VERIFICATION,
        OVERSIZED_VALUE,
        OVERSIZED_EVENT
    }

    private final String source;
    private final long seed;

    /** @param source the CloudEvent source of the bad events (so any request they created can be counted) */
    public MalformedEvents(String source, long seed) {
        this.source = source;
        this.seed = seed;
    }

    /** The kind of bad event number {@code n}: every kind in turn, in an order shuffled per round by the seed. */
    public Kind kindOf(int n) {
        Kind[] kinds = Kind.values();
        int round = n / kinds.length;
        Kind[] order = Arrays.copyOf(kinds, kinds.length);
        Random r = new Random(seed * 1_000_003L + round);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Kind t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order[n % kinds.length];
    }

    /** The record value of bad event {@code n} of the given kind; null for {@link Kind#NULL_VALUE} (a tombstone). */
    public byte[] value(int n, Kind kind) {
        String mark = "poison-" + n;
        return switch (kind) {
            case NOT_JSON -> ("this is not an event " + mark).getBytes(StandardCharsets.UTF_8);
            case EMPTY_VALUE -> new byte[0];
            case NULL_VALUE -> null;
            case BINARY_GARBAGE -> {
                byte[] b = new byte[64 + n % 64];
                new Random(seed + n).nextBytes(b);
                b[0] = (byte) 0xff; // never starts like JSON
                yield b;
            }
            case TRUNCATED_JSON -> {
                byte[] whole = IntakeEvents.bytes(event(n, data(n)));
                yield Arrays.copyOf(whole, whole.length / 2);
            }
            case UTF16_ENCODED ->
                IntakeEvents.MAPPER.valueToTree(event(n, data(n))).toString().getBytes(StandardCharsets.UTF_16);
            case INVALID_UTF8 -> {
                // valid JSON structure, but the request type holds bytes that are not UTF-8
                String json = IntakeEvents.MAPPER.valueToTree(event(n, data(n))).toString();
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                int at = json.indexOf("\"ERASURE\"") + 5;
                bytes[at] = (byte) 0xc3;
                bytes[at + 1] = (byte) 0x28;
                yield bytes;
            }
            case JSON_ARRAY -> ("[\"" + mark + "\", 1, 2, 3]").getBytes(StandardCharsets.UTF_8);
            case JSON_SCALAR -> (n % 2 == 0 ? "42" : "\"" + mark + "\"").getBytes(StandardCharsets.UTF_8);
            case NOT_A_CLOUDEVENT ->
                json(IntakeEvents.MAPPER.createObjectNode().put("hello", mark).set("data", data(n)));
            case WRONG_SPECVERSION -> json(event(n, data(n)).put("specversion", "0.3"));
            case MISSING_ID -> {
                ObjectNode e = event(n, data(n));
                e.remove("id");
                yield json(e);
            }
            case UNKNOWN_TYPE -> json(event(n, data(n)).put("type", "org.example.account.closed.v1"));
            case MISSING_DATA -> {
                ObjectNode e = event(n, data(n));
                e.remove("data");
                yield json(e);
            }
            case DATA_NOT_OBJECT -> json(event(n, data(n)).put("data", "ERASURE please " + mark));
            case MISSING_SUBJECT -> {
                ObjectNode d = data(n);
                d.remove("subject");
                yield json(event(n, d));
            }
            case NO_IDENTIFIERS -> {
                ObjectNode d = data(n);
                ((ObjectNode) d.get("subject")).putArray("identifiers");
                yield json(event(n, d));
            }
            case TOO_MANY_IDENTIFIERS -> {
                ObjectNode d = data(n);
                ArrayNode ids = ((ObjectNode) d.get("subject")).putArray("identifiers");
                for (int i = 0; i < 21; i++) {
                    ids.addObject().put("type", "USER_ID").put("value", "poison-user-" + n + "-" + i);
                }
                yield json(event(n, d));
            }
            case UNKNOWN_IDENTIFIER_TYPE -> json(event(n, withIdentifier(n, "PASSPORT", "X" + n)));
            case INVALID_EMAIL -> json(event(n, withIdentifier(n, "EMAIL", "no-at-sign-" + n)));
            case INVALID_PERSONNUMMER -> json(event(n, withIdentifier(n, "SE_PERSONNUMMER", "121212-1213")));
            case INVALID_PHONE -> json(event(n, withIdentifier(n, "PHONE", "+46 abc " + n)));
            case UNKNOWN_JURISDICTION -> json(event(n, data(n).put("jurisdiction", "NO")));
            case MISSING_JURISDICTION -> {
                ObjectNode d = data(n);
                d.remove("jurisdiction");
                yield json(event(n, d));
            }
            case UNKNOWN_REQUEST_TYPE -> json(event(n, data(n).put("type", "DELETE_EVERYTHING")));
            case PENDING_VERIFICATION -> json(event(n, data(n).put("verification", "PENDING")));
            case OVERSIZED_VALUE -> json(event(n, withIdentifier(n, "USER_ID", "u".repeat(1_000) + n)));
            case OVERSIZED_EVENT -> json(event(n, data(n).put("externalId", "x".repeat(300_000) + n)));
        };
    }

    /** A request that would be valid: a synthetic address nobody has, SE, with an external id. */
    private ObjectNode data(int n) {
        return IntakeEvents.requestBody("poison." + n + "@example.org", "SE", "poison-" + n);
    }

    private ObjectNode withIdentifier(int n, String type, String value) {
        ObjectNode d = data(n);
        ArrayNode ids = ((ObjectNode) d.get("subject")).putArray("identifiers");
        ids.addObject().put("type", type).put("value", value);
        return d;
    }

    private ObjectNode event(int n, ObjectNode data) {
        return IntakeEvents.envelope(new java.util.UUID(seed, n).toString(), source, data);
    }

    private static byte[] json(ObjectNode node) {
        return IntakeEvents.bytes(node);
    }
}
