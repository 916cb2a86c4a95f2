package org.dsr.bench.poison;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.bench.fault.IntakeEvents;
import org.dsr.bench.poison.MalformedEvents.Kind;
import org.junit.jupiter.api.Test;

class MalformedEventsTest {

    private final MalformedEvents events = new MalformedEvents("/bench-poison-bad-test", 11);

    @Test
    void everyKindComesUpInEveryRoundAndTheMixIsReproducible() {
        int kinds = Kind.values().length;
        Set<Kind> firstRound = EnumSet.noneOf(Kind.class);
        for (int n = 0; n < kinds; n++) {
            firstRound.add(events.kindOf(n));
        }
        assertThat(firstRound).containsExactlyInAnyOrder(Kind.values());
        MalformedEvents again = new MalformedEvents("/other", 11);
        for (int n = 0; n < 3 * kinds; n++) {
            assertThat(again.kindOf(n)).isEqualTo(events.kindOf(n));
        }
    }

    @Test
    void eachKindIsBrokenTheWayItSays() throws Exception {
        for (Kind kind : Kind.values()) {
            byte[] value = events.value(5, kind);
            switch (kind) {
                case NULL_VALUE -> assertThat(value).isNull();
                case EMPTY_VALUE -> assertThat(value).isEmpty();
                case NOT_JSON, BINARY_GARBAGE, TRUNCATED_JSON, UTF16_ENCODED ->
                    assertThat(parse(value)).as(kind.name()).isNull();
                case INVALID_UTF8 -> assertThat(isUtf8(value)).isFalse();
                case JSON_ARRAY -> assertThat(parse(value).isArray()).isTrue();
                case JSON_SCALAR -> assertThat(parse(value).isValueNode()).isTrue();
                case NOT_A_CLOUDEVENT ->
                    assertThat(parse(value).has("specversion")).isFalse();
                case WRONG_SPECVERSION ->
                    assertThat(parse(value).path("specversion").asText()).isEqualTo("0.3");
                case MISSING_ID -> assertThat(parse(value).has("id")).isFalse();
                case UNKNOWN_TYPE ->
                    assertThat(parse(value).path("type").asText()).isNotEqualTo(IntakeEvents.TYPE);
                case MISSING_DATA -> assertThat(parse(value).has("data")).isFalse();
                case DATA_NOT_OBJECT ->
                    assertThat(parse(value).path("data").isTextual()).isTrue();
                case MISSING_SUBJECT -> assertThat(data(value).has("subject")).isFalse();
                case NO_IDENTIFIERS -> assertThat(identifiers(value)).isEmpty();
                case TOO_MANY_IDENTIFIERS -> assertThat(identifiers(value)).hasSize(21);
                case UNKNOWN_IDENTIFIER_TYPE ->
                    assertThat(identifiers(value).get(0).path("type").asText()).isEqualTo("PASSPORT");
                case INVALID_EMAIL ->
                    assertThat(identifiers(value).get(0).path("value").asText()).doesNotContain("@");
                case INVALID_PERSONNUMMER ->
                    assertThat(identifiers(value).get(0).path("type").asText()).isEqualTo("SE_PERSONNUMMER");
                case INVALID_PHONE ->
                    assertThat(identifiers(value).get(0).path("value").asText()).contains("abc");
                case UNKNOWN_JURISDICTION ->
                    assertThat(data(value).path("jurisdiction").asText()).isEqualTo("NO");
                case MISSING_JURISDICTION ->
                    assertThat(data(value).has("jurisdiction")).isFalse();
                case UNKNOWN_REQUEST_TYPE ->
                    assertThat(data(value).path("type").asText()).isEqualTo("DELETE_EVERYTHING");
                case PENDING_VERIFICATION ->
                    assertThat(data(value).path("verification").asText()).isEqualTo("PENDING");
                case OVERSIZED_VALUE ->
                    assertThat(identifiers(value).get(0).path("value").asText().length())
                            .isGreaterThan(320);
                case OVERSIZED_EVENT -> assertThat(value.length).isGreaterThan(250_000);
                default -> throw new AssertionError("untested kind " + kind);
            }
        }
    }

    @Test
    void theBadEventsNameNobody() {
        for (Kind kind : Kind.values()) {
            byte[] value = events.value(7, kind);
            if (value != null && parse(value) != null && parse(value).isObject()) {
                String text = new String(value, StandardCharsets.UTF_8);
                assertThat(text).doesNotContain("@example.se").doesNotContain("@example.dk");
            }
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return IntakeEvents.MAPPER.readTree(new String(value, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode data(byte[] value) {
        return parse(value).path("data");
    }

    private static List<JsonNode> identifiers(byte[] value) {
        List<JsonNode> list = new java.util.ArrayList<>();
        data(value).path("subject").path("identifiers").forEach(list::add);
        return list;
    }

    private static boolean isUtf8(byte[] value) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
