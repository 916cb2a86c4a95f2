package org.dsr.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration every contract is written and read with. Unknown fields are ignored so that a
 * consumer keeps working when a producer adds an optional field to a v1 event; absent fields are omitted.
 */
public final class Json {

    /**
     * Refuses a repeated key and nesting deeper than {@link CanonicalJson#MAX_DEPTH} in everything it reads;
     * {@link #read} also refuses the rest of what is not I-JSON.
     */
    public static final ObjectMapper MAPPER = configure(new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(CanonicalJson.MAX_DEPTH)
                    .build())
            .build()));

    private Json() {}

    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a contract from I-JSON (RFC 7493) text: a repeated key, a lone surrogate, a number a double does not hold
     * exactly or nesting deeper than {@link CanonicalJson#MAX_DEPTH} is refused (an IllegalArgumentException whose
     * message and cause are the {@link NotIJsonException}).
     */
    public static <T> T read(String json, Class<T> type) {
        JsonNode tree;
        try {
            tree = CanonicalJson.parse(json);
        } catch (NotIJsonException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Jackson's message may quote the input; keep only the path of the field.
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON" + fieldPath(e));
        }
    }

    /** {@link #read(String, Class)} of UTF-8 bytes: bytes that are not UTF-8 are refused, not repaired. */
    public static <T> T read(byte[] utf8, Class<T> type) {
        String json;
        try {
            json = CanonicalJson.utf8(utf8);
        } catch (NotIJsonException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON: " + e.getMessage(), e);
        }
        return read(json, type);
    }

    /** The field path of a mapping error, without the offending value: " at processors[0].status", or "". */
    public static String fieldPath(Exception e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    sb.append('[').append(ref.getIndex()).append(']');
                }
            }
            return " at " + sb;
        }
        return "";
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " payload");
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }
}
