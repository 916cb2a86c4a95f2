package org.dsr.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.crypto.SignedJson;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.json.NotIJsonException.Reason;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static final String PREFIX = "not I-JSON (RFC 7493): ";

    private static void refused(String json, Reason reason, String message) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(json))
                .isInstanceOf(NotIJsonException.class)
                .hasMessage(PREFIX + message)
                .satisfies(e -> assertThat(((NotIJsonException) e).reason()).isEqualTo(reason));
    }

    private static void refused(byte[] utf8, Reason reason, String message) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(utf8))
                .isInstanceOf(NotIJsonException.class)
                .hasMessage(PREFIX + message)
                .satisfies(e -> assertThat(((NotIJsonException) e).reason()).isEqualTo(reason));
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    // --- the canonical form is the reference implementation's, on I-JSON ---

    @Test
    void rfc8785SamplesCanonicaliseAsTheReferenceImplementationDoes() {
        List<String> samples = List.of(
                // RFC 8785 §3.2.2 sample
                "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
                        + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
                        + " \"literals\": [null, true, false]}",
                // RFC 8785 §3.2.3 sorting sample
                "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With"
                        + " Dagesh\", \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\":"
                        + " \"Control\", \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}",
                "{\"b\": 1.0, \"a\": [true, \"x\", {}, []], \"c\": -0, \"d\": 1e21, \"e\": 1e-7, \"f\": 9007199254740991}",
                "[\"\\u2028\\u007f/\\b\\f\\n\\r\\t\\u0001\"]",
                "[0.1, 100, -5.5e3, 123e-2, 5e-324, 1.7976931348623157e308]");
        for (String sample : samples) {
            assertThat(CanonicalJson.canonicalize(sample)).as(sample).isEqualTo(reference(sample));
        }
        assertThat(CanonicalJson.canonicalize(samples.get(0)))
                .isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void randomDocumentsCanonicaliseAsTheReferenceImplementationDoes() {
        Random random = new Random(20261208);
        for (int i = 0; i < 2000; i++) {
            String json = Json.write(List.of(randomValue(random, 0)));
            assertThat(CanonicalJson.canonicalize(json)).as(json).isEqualTo(reference(json));
            assertThat(CanonicalJson.canonicalize(CanonicalJson.parse(json)))
                    .as("from a tree")
                    .isEqualTo(reference(json));
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> random.nextBoolean();
            case 1 -> random.nextLong() % CanonicalJson.MAX_SAFE_INTEGER;
            case 2 ->
                random.nextInt(3) == 0
                        ? Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL)
                        : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            case 3 -> randomString(random);
            case 4 -> random.nextInt(5) == 0 ? "" : randomString(random);
            case 5 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
            default -> {
                Object[] array = new Object[random.nextInt(4)];
                for (int n = 0; n < array.length; n++) {
                    array[n] = randomValue(random, depth + 1);
                }
                yield List.of(array);
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(8); n > 0; n--) {
            switch (random.nextInt(5)) {
                case 0 -> sb.append((char) random.nextInt(0x20));
                case 1 -> sb.append((char) (0x20 + random.nextInt(0x60)));
                case 2 -> sb.append((char) (0xa0 + random.nextInt(0xd000)));
                case 3 -> sb.appendCodePoint(0x10000 + random.nextInt(0xfffff));
                default -> sb.append("\"\\/€ö\u2028".charAt(random.nextInt(6)));
            }
        }
        return sb.toString();
    }

    private static String reference(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    // --- refusals ---

    @Test
    void aDuplicateKeyIsRefused() {
        refused(
                "{\"a\":1,\"b\":{\"x\":1,\"x\":2}}",
                Reason.DUPLICATE_KEY,
                "duplicate key: a member name repeats at line 1, column 19");
        refused(
                "{\"a\":1,\"\\u0061\":1}",
                Reason.DUPLICATE_KEY,
                "duplicate key: a member name repeats at line 1, column 8");
        assertThatCode(() -> CanonicalJson.canonicalize("[{\"a\":1},{\"a\":1}]"))
                .as("the same key in two objects")
                .doesNotThrowAnyException();
    }

    @Test
    void aLoneSurrogateIsRefusedRawOrEscaped() {
        refused("[\"\\ud800\"]", Reason.INVALID_UNICODE, "invalid Unicode: a lone surrogate at line 1, column 2");
        refused(
                "[\"\\udc00\\ud800\"]",
                Reason.INVALID_UNICODE,
                "invalid Unicode: a lone surrogate at line 1, column 2");
        refused("[\"a\\ud83dx\"]", Reason.INVALID_UNICODE, "invalid Unicode: a lone surrogate at line 1, column 2");
        refused("{\"\\ude00\":1}", Reason.INVALID_UNICODE, "invalid Unicode: a lone surrogate at line 1, column 2");
        refused("[\"\ud800\"]", Reason.INVALID_UNICODE, "invalid Unicode: a lone surrogate at line 1, column 2");
        assertThat(CanonicalJson.canonicalize("[\"\\ud83d\\ude00\"]")).isEqualTo("[\"\ud83d\ude00\"]");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotRepaired() {
        String message = "not UTF-8: a byte sequence is not UTF-8";
        refused(new byte[] {'"', (byte) 0xc3, '(', '"'}, Reason.NOT_UTF8, message);
        refused(new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'}, Reason.NOT_UTF8, message); // overlong '/'
        refused(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, Reason.NOT_UTF8, message); // surrogate
        refused(new byte[] {'"', (byte) 0xe2, (byte) 0x82, '"'}, Reason.NOT_UTF8, message); // truncated
        refused(new byte[] {'"', (byte) 0xff, '"'}, Reason.NOT_UTF8, message);
        assertThat(CanonicalJson.canonicalize("\"€\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("\"€\"");
    }

    @Test
    void numbersADoubleDoesNotHoldExactlyAreRefused() {
        refused(
                "[1e400]",
                Reason.NUMBER,
                "number outside I-JSON's range: beyond the range of an IEEE 754 double at line 1, column 2");
        refused(
                "[-1E400]",
                Reason.NUMBER,
                "number outside I-JSON's range: beyond the range of an IEEE 754 double at line 1, column 2");
        refused(
                "[1e-400]",
                Reason.NUMBER,
                "number outside I-JSON's range: beyond the range of an IEEE 754 double at line 1, column 2");
        refused(
                "[3.141592653589793238462643383279]",
                Reason.NUMBER,
                "number outside I-JSON's range: more precision than an IEEE 754 double holds at line 1, column 2");
        refused(
                "[0.1000000000000000055511151231257827]",
                Reason.NUMBER,
                "number outside I-JSON's range: more precision than an IEEE 754 double holds at line 1, column 2");
        refused(
                "[9007199254740993]",
                Reason.NUMBER,
                "number outside I-JSON's range: an integer beyond ±(2^53-1) that would read back as another number at line 1, column 2");
        refused(
                "[-9007199254740993]",
                Reason.NUMBER,
                "number outside I-JSON's range: an integer beyond ±(2^53-1) that would read back as another number at line 1, column 2");
        refused(
                "[123456789012345678901234567890]",
                Reason.NUMBER,
                "number outside I-JSON's range: an integer beyond ±(2^53-1) that would read back as another number at line 1, column 2");
        refused(
                "[-9223372036854775807]",
                Reason.NUMBER,
                "number outside I-JSON's range: an integer beyond ±(2^53-1) that would read back as another number at line 1, column 2");
        assertThat(CanonicalJson.canonicalize("[9007199254740991,-9007199254740991,9007199254740992,1e21,1.10,1e2,-0.0,"
                        + "1.10000000000000000000,0.30000000000000004,1.96079691157213376E17]"))
                .as("safe integers; larger ones a double holds; exact decimals; 17 digits; the 18 Java 17 writes")
                .isEqualTo("[9007199254740991,-9007199254740991,9007199254740992,1e+21,1.1,100,0,1.1,"
                        + "0.30000000000000004,196079691157213380]");
    }

    @Test
    void nestingIsBoundedWithAClearRefusalNotAStackOverflow() {
        assertThat(CanonicalJson.canonicalize(nested(CanonicalJson.MAX_DEPTH)))
                .isEqualTo(nested(CanonicalJson.MAX_DEPTH));
        refused(
                nested(CanonicalJson.MAX_DEPTH + 1),
                Reason.TOO_DEEP,
                "nested too deep: more than 64 levels of arrays and objects at line 1, column 65");
        refused(
                nested(100_000),
                Reason.TOO_DEEP,
                "nested too deep: more than 64 levels of arrays and objects at line 1, column 65");
        refused(
                "{\"a\":".repeat(100_000),
                Reason.TOO_DEEP,
                "nested too deep: more than 64 levels of arrays and objects at line 1, column 321");
        assertThatThrownBy(() -> Json.read(nested(100_000), Object.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid Object JSON: " + PREFIX
                        + "nested too deep: more than 64 levels of arrays and objects at line 1, column 65");
        assertThatThrownBy(() -> Json.MAPPER.readTree(nested(100_000)))
                .as("every reader of the shared mapper")
                .isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("exceeds the maximum allowed (64");
    }

    @Test
    void aTreeTooDeepIsRefusedWhenWritten() {
        Object value = List.of();
        for (int i = 0; i < 100; i++) {
            value = List.of(value);
        }
        Object deep = value;
        assertThatThrownBy(() -> CanonicalJson.canonicalize(deep))
                .isInstanceOf(NotIJsonException.class)
                .hasMessageStartingWith(PREFIX + "nested too deep: more than 64 levels at $[0][0]");
    }

    @Test
    void whatIsNotJsonAtAllIsRefused() {
        refused("", Reason.SYNTAX, "not JSON: empty input");
        refused("{} {}", Reason.SYNTAX, "not JSON: content after the end of the value at line 1, column 4");
        refused("[1,]", Reason.SYNTAX, "not JSON: unreadable at line 1, column 4");
        refused("[NaN]", Reason.SYNTAX, "not JSON: unreadable at line 1, column 5");
        refused("{\"a\":01}", Reason.SYNTAX, "not JSON: unreadable at line 1, column 7");
    }

    @Test
    void theMessageNeverQuotesTheInput() {
        for (String json : List.of(
                "{\"alice@example.com\":1,\"alice@example.com\":2}",
                "[\"alice@example.com\\ud800\"]",
                "{\"alice@example.com\":1e999}",
                "[alice@example.com]")) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(json))
                    .isInstanceOf(NotIJsonException.class)
                    .message()
                    .doesNotContain("alice");
        }
    }

    // --- from objects: signing refuses what is not I-JSON ---

    @Test
    void signingRefusesAValueThatIsNotIJson() {
        KeyPair key = Signatures.generate();
        assertThatThrownBy(() -> SignedJson.sign(Map.of("note", "x\ud800"), "k", key.getPrivate()))
                .isInstanceOf(NotIJsonException.class)
                .hasMessage(PREFIX + "invalid Unicode: a lone surrogate at $.note");
        assertThatThrownBy(() -> SignedJson.sign(Map.of("count", (1L << 53) + 1), "k", key.getPrivate()))
                .isInstanceOf(NotIJsonException.class)
                .hasMessage(
                        PREFIX
                                + "number outside I-JSON's range: an integer beyond ±(2^53-1) that would read back as another number at $.count");
        assertThatThrownBy(() -> SignedJson.sign(Map.of("ratio", List.of(Double.NaN)), "k", key.getPrivate()))
                .isInstanceOf(NotIJsonException.class)
                .hasMessage(PREFIX + "number outside I-JSON's range: not a finite number at $.ratio[0]");
        assertThatThrownBy(() -> SignedJson.sign(new Evidence(0, 0, "lookup \udc00"), "k", key.getPrivate()))
                .as("a contract record")
                .isInstanceOf(NotIJsonException.class)
                .hasMessage(PREFIX + "invalid Unicode: a lone surrogate at $.verification");
        var signature = SignedJson.sign(Map.of("a", "b"), "k", key.getPrivate());
        assertThat(SignedJson.verify(Map.of("a", "b\ud800"), signature, key.getPublic()))
                .as("never verifies")
                .isFalse();
        assertThat(SignedJson.verifyFast(Map.of("a", "b\ud800"), signature, key.getPublic()))
                .isFalse();
        assertThat(SignedJson.verify(Map.of("a", "b"), signature, key.getPublic()))
                .isTrue();
    }

    @Test
    void jsonReadRefusesWhatIsNotIJson() {
        assertThatThrownBy(() -> Json.read("{\"rowsAffected\":1,\"rowsAffected\":2}", Evidence.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid Evidence JSON: " + PREFIX
                        + "duplicate key: a member name repeats at line 1, column 19");
        assertThatThrownBy(() -> Json.read("{\"verification\":\"\\ud800\"}", Evidence.class))
                .hasMessage(
                        "invalid Evidence JSON: " + PREFIX + "invalid Unicode: a lone surrogate at line 1, column 17");
        assertThatThrownBy(() -> Json.read("{\"rowsAffected\":\"many\"}", Evidence.class))
                .hasMessage("invalid Evidence JSON at rowsAffected");
        assertThat(Json.read("{\"rowsAffected\":2,\"remainingMatches\":0,\"verification\":\"v\"}", Evidence.class)
                        .rowsAffected())
                .isEqualTo(2);
        assertThatThrownBy(() -> Json.read(new byte[] {'{', '"', (byte) 0xc3, '"', ':', '1', '}'}, Evidence.class))
                .hasMessage("invalid Evidence JSON: " + PREFIX + "not UTF-8: a byte sequence is not UTF-8");
        assertThatThrownBy(() -> Json.MAPPER.readTree("{\"a\":1,\"a\":2}"))
                .as("the shared mapper refuses a repeated key too")
                .hasMessageStartingWith("Duplicate field");
    }
}
