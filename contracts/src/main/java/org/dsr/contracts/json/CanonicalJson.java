package org.dsr.contracts.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dsr.contracts.json.NotIJsonException.Reason;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 (JCS) canonical form: the exact bytes that are hashed and signed. Only I-JSON (RFC 7493) is accepted,
 * from text and from objects alike: UTF-8, no lone surrogate (raw or escaped), no duplicate key, every number one an
 * IEEE 754 double holds exactly as written (integers within ±(2^53-1)), nesting at most {@link #MAX_DEPTH} deep.
 * Anything else throws {@link NotIJsonException} before a byte is produced, so nothing that two parsers could read
 * differently is ever signed or accepted as signed.
 *
 * <p>
 * The parser is iterative and stops at the depth bound, so hostile input (100,000 nested arrays) gets a clear
 * refusal, never a {@link StackOverflowError}. Numbers are written with the RFC 8785 (ECMAScript) algorithm of the
 * reference implementation ({@link NumberToJSON}), strings and key order as RFC 8785 §3.2.2 and §3.2.3 say.
 */
public final class CanonicalJson {

    /** The deepest nesting of arrays and objects accepted; our deepest contract is about ten levels. */
    public static final int MAX_DEPTH = 64;

    /** The largest integer an IEEE 754 double holds exactly with all smaller ones: 2^53-1 (RFC 7493 §2.2). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** Seventeen significant digits name any double; more say something a double cannot hold. */
    private static final int MAX_DOUBLE_DIGITS = 17;

    private static final BigInteger MAX_SAFE = BigInteger.valueOf(MAX_SAFE_INTEGER);

    /** A plain parser: standard JSON only; its own depth bound above ours so that ours speaks first. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .build())
            .build();

    private CanonicalJson() {}

    /** The canonical form of JSON text. */
    public static String canonicalize(String json) {
        return write(parse(json));
    }

    /** The canonical form of UTF-8 bytes: non-UTF-8 input is refused, not repaired. */
    public static String canonicalize(byte[] utf8) {
        return write(parse(utf8));
    }

    /** The canonical form of a value as {@link Json} writes it (a {@link JsonNode} is taken as it is). */
    public static String canonicalize(Object value) {
        return write(value instanceof JsonNode node ? node : Json.tree(value));
    }

    public static byte[] bytes(Object value) {
        return canonicalize(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code utf8} is exactly the canonical form of itself; refuses input that is not I-JSON. */
    public static boolean isCanonical(byte[] utf8) {
        return java.util.Arrays.equals(canonicalize(utf8).getBytes(StandardCharsets.UTF_8), utf8);
    }

    /** Decodes UTF-8 strictly: a malformed or truncated sequence, an overlong form or an encoded surrogate is refused. */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NotIJsonException(Reason.NOT_UTF8, "a byte sequence is not UTF-8");
        }
    }

    /** Parses UTF-8 bytes as I-JSON. */
    public static JsonNode parse(byte[] utf8) {
        return parse(utf8(utf8));
    }

    /** Parses text as I-JSON into a tree (iteratively: the depth bound holds before any recursion). */
    public static JsonNode parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonNode root = read(parser);
            if (parser.nextToken() != null) {
                throw new NotIJsonException(Reason.SYNTAX, "content after the end of the value" + at(parser));
            }
            return root;
        } catch (NotIJsonException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new NotIJsonException(Reason.SYNTAX, "unreadable" + at(e.getLocation()));
        } catch (IOException e) {
            throw new NotIJsonException(Reason.SYNTAX, "unreadable");
        }
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        Deque<ContainerNode<?>> open = new ArrayDeque<>();
        String field = null;
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new NotIJsonException(Reason.SYNTAX, "empty input");
        }
        while (true) {
            JsonNode value;
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    if (open.size() >= MAX_DEPTH) {
                        throw new NotIJsonException(
                                Reason.TOO_DEEP,
                                "more than " + MAX_DEPTH + " levels of arrays and objects" + at(parser));
                    }
                    ContainerNode<?> container =
                            token == JsonToken.START_OBJECT ? nodes.objectNode() : nodes.arrayNode();
                    if (!open.isEmpty()) {
                        add(open.peek(), field, container);
                    }
                    open.push(container);
                    field = null;
                    token = parser.nextToken();
                    continue;
                }
                case END_OBJECT, END_ARRAY -> {
                    ContainerNode<?> done = open.pop();
                    if (open.isEmpty()) {
                        return done;
                    }
                    token = parser.nextToken();
                    continue;
                }
                case FIELD_NAME -> {
                    field = parser.currentName();
                    checkUnicode(field, parser);
                    if (((ObjectNode) open.peek()).has(field)) {
                        throw new NotIJsonException(Reason.DUPLICATE_KEY, "a member name repeats" + at(parser));
                    }
                    token = parser.nextToken();
                    continue;
                }
                case VALUE_STRING -> {
                    String text = parser.getText();
                    checkUnicode(text, parser);
                    value = nodes.textNode(text);
                }
                case VALUE_NUMBER_INT -> value = integer(parser);
                case VALUE_NUMBER_FLOAT -> {
                    value = nodes.numberNode(Double.parseDouble(checkFloat(parser.getText(), at(parser))));
                }
                case VALUE_TRUE -> value = nodes.booleanNode(true);
                case VALUE_FALSE -> value = nodes.booleanNode(false);
                case VALUE_NULL -> value = nodes.nullNode();
                default -> throw new NotIJsonException(Reason.SYNTAX, "unexpected " + token + at(parser));
            }
            if (open.isEmpty()) {
                return value;
            }
            add(open.peek(), field, value);
            field = null;
            token = parser.nextToken();
        }
    }

    private static void add(ContainerNode<?> parent, String field, JsonNode child) {
        if (parent instanceof ObjectNode object) {
            object.set(field, child);
        } else {
            ((ArrayNode) parent).add(child);
        }
    }

    private static JsonNode integer(JsonParser parser) throws IOException {
        if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            long value = parser.getLongValue();
            if (value >= -MAX_SAFE_INTEGER && value <= MAX_SAFE_INTEGER) {
                return value == (int) value
                        ? JsonNodeFactory.instance.numberNode((int) value)
                        : JsonNodeFactory.instance.numberNode(value);
            }
        }
        BigInteger value = parser.getBigIntegerValue();
        checkUnsafeInteger(new BigDecimal(value), at(parser));
        return JsonNodeFactory.instance.numberNode(value.doubleValue());
    }

    /**
     * Beyond ±(2^53-1) a double holds only some integers: an integer written with digits the nearest double does not have
     * ("9007199254740993") would read back as another number and is refused (RFC 7493 §2.2);
     * one written as the double's shortest digits ("9007199254740992", "1e30", "123456780000000000000") is kept.
     */
    private static void checkUnsafeInteger(BigDecimal value, String where) {
        double d = value.doubleValue();
        if (Double.isInfinite(d)) {
            throw new NotIJsonException(Reason.NUMBER, "beyond the range of an IEEE 754 double" + where);
        }
        if (new BigDecimal(number(d)).compareTo(value) != 0) {
            throw new NotIJsonException(
                    Reason.NUMBER, "an integer beyond ±(2^53-1) that would read back as another number" + where);
        }
    }

    /**
     * A number written with a fraction or an exponent must be a finite double that the text names within a double's
     * precision: beyond its range ("1e400", and "1e-400", which is not zero) or with more than the 17 significant
     * digits that name any double ("3.141592653589793238") is refused, unless the digits are exactly the double's
     * ("1.10000000000000000000"). Up to 17 digits name the nearest double (as "0.1" does); so do the 18 that Java
     * 17's {@link Double#toString} (Jackson's writer) sometimes gives ("1.96079691157213376E17").
     */
    private static String checkFloat(String text, String where) {
        double d;
        BigDecimal exact;
        try {
            d = Double.parseDouble(text);
            exact = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new NotIJsonException(Reason.NUMBER, "not a finite number" + where);
        }
        if (Double.isInfinite(d) || (d == 0 && exact.signum() != 0)) {
            throw new NotIJsonException(Reason.NUMBER, "beyond the range of an IEEE 754 double" + where);
        }
        String canonical = number(d);
        if (exact.stripTrailingZeros().precision() > MAX_DOUBLE_DIGITS
                && exact.compareTo(new BigDecimal(canonical)) != 0
                && exact.compareTo(new BigDecimal(Double.toString(d))) != 0) {
            throw new NotIJsonException(Reason.NUMBER, "more precision than an IEEE 754 double holds" + where);
        }
        return canonical;
    }

    /** A double (from an object, where it is what it is): finite. */
    private static String checkDouble(double d, String where) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new NotIJsonException(Reason.NUMBER, "not a finite number" + where);
        }
        return number(d);
    }

    private static String number(double d) {
        try {
            return NumberToJSON.serializeNumber(d);
        } catch (IOException e) {
            throw new NotIJsonException(Reason.NUMBER, "not a finite number");
        }
    }

    private static void checkUnicode(String text, JsonParser parser) {
        if (!validUnicode(text)) {
            throw new NotIJsonException(Reason.INVALID_UNICODE, "a lone surrogate" + at(parser));
        }
    }

    private static void checkUnicode(String text, Path path) {
        if (!validUnicode(text)) {
            throw new NotIJsonException(Reason.INVALID_UNICODE, "a lone surrogate at " + path);
        }
    }

    /** No unpaired UTF-16 surrogate. */
    static boolean validUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    // --- writing ---

    /** Where in a tree: $.processors[0].outcomes (names of the contracts' own fields, never values). */
    private record Path(Path parent, String field, int index) {
        @Override
        public String toString() {
            if (parent == null) {
                return "$";
            }
            return parent + (field != null ? "." + field : "[" + index + "]");
        }
    }

    /** The canonical text of a tree; refuses a tree that is not I-JSON (from objects: NaN, a lone surrogate, …). */
    public static String write(JsonNode tree) {
        StringBuilder out = new StringBuilder(256);
        write(tree, out, new Path(null, null, 0), 0);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, Path path, int depth) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                if (depth >= MAX_DEPTH) {
                    throw new NotIJsonException(Reason.TOO_DEEP, "more than " + MAX_DEPTH + " levels at " + path);
                }
                List<String> names = new ArrayList<>(node.size());
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    names.add(member.getKey());
                }
                // RFC 8785 §3.2.3: by UTF-16 code units, which is String's natural order
                names.sort(null);
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    checkUnicode(name, path);
                    if (i > 0) {
                        out.append(',');
                    }
                    string(name, out);
                    out.append(':');
                    write(node.get(name), out, new Path(path, name, 0), depth + 1);
                }
                out.append('}');
            }
            case ARRAY -> {
                if (depth >= MAX_DEPTH) {
                    throw new NotIJsonException(Reason.TOO_DEEP, "more than " + MAX_DEPTH + " levels at " + path);
                }
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out, new Path(path, null, i), depth + 1);
                }
                out.append(']');
            }
            case STRING, BINARY -> {
                String text = node.asText();
                checkUnicode(text, path);
                string(text, out);
            }
            case NUMBER -> out.append(number(node, path));
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new NotIJsonException(Reason.SYNTAX, "a " + node.getNodeType() + " node at " + path);
        }
    }

    private static String number(JsonNode node, Path path) {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.abs().compareTo(MAX_SAFE) <= 0) {
                return value.toString();
            }
            checkUnsafeInteger(new BigDecimal(value), " at " + path);
            return number(value.doubleValue());
        }
        if (node.isDouble()) {
            return checkDouble(node.doubleValue(), " at " + path);
        }
        return checkFloat(node.asText(), " at " + path);
    }

    /** RFC 8785 §3.2.2.2: only ", \ and the controls are escaped, those with a short form by it. */
    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"', '\\' -> out.append('\\').append(c);
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static String at(JsonParser parser) {
        return at(parser.currentTokenLocation());
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
