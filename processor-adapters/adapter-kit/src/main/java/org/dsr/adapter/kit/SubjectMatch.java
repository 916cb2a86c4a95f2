package org.dsr.adapter.kit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dsr.adapter.kit.sql.SqlArrays;
import org.dsr.contracts.subject.Identifier;
import org.dsr.contracts.subject.IdentifierType;

/**
 * The subject as this adapter can find it: the decrypted, normalised identifiers, plus the adapter's own keys for
 * the subject (account ids, customer ids, device ids...) resolved once before any category is acted on.
 * <p>
 * Holds personal data in memory only; {@link #toString()} prints types and counts, never values.
 */
public final class SubjectMatch {

    private final List<Identifier> identifiers;
    private final Map<String, List<?>> keys;

    private SubjectMatch(List<Identifier> identifiers, Map<String, List<?>> keys) {
        this.identifiers = identifiers;
        this.keys = keys;
    }

    /** Normalises the identifiers (the stores hold normalised values). */
    public static SubjectMatch of(List<Identifier> identifiers) {
        return new SubjectMatch(
                identifiers.stream().map(Identifier::normalised).distinct().toList(), Map.of());
    }

    public List<Identifier> identifiers() {
        return identifiers;
    }

    /** The distinct normalised values of one identifier type; empty when the subject was not given one. */
    public List<String> values(IdentifierType type) {
        Set<String> values = new LinkedHashSet<>();
        identifiers.stream().filter(i -> i.type() == type).forEach(i -> values.add(i.value()));
        return List.copyOf(values);
    }

    /** The values of one type as a PostgreSQL text[] literal, for {@code col = any(cast(cast(:p as text) as text[]))}. */
    public String array(IdentifierType type) {
        return SqlArrays.text(values(type));
    }

    /** A copy with the adapter's own keys of one kind (e.g. {@code account} ids). */
    public SubjectMatch withKeys(String name, List<?> values) {
        Map<String, List<?>> copy = new LinkedHashMap<>(keys);
        copy.put(name, List.copyOf(new LinkedHashSet<>(values)));
        return new SubjectMatch(identifiers, Collections.unmodifiableMap(copy));
    }

    /** Every key kind resolved so far with its values, in resolution order. */
    public Map<String, List<?>> keys() {
        return keys;
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> keys(String name) {
        List<?> values = keys.get(name);
        return values == null ? List.of() : (List<T>) values;
    }

    /** Keys as a PostgreSQL array literal ({@code {1,2}} for numbers, quoted for text). */
    public String keyArray(String name) {
        return SqlArrays.of(keys(name));
    }

    @Override
    public String toString() {
        return "SubjectMatch[types="
                + identifiers.stream()
                        .map(i -> i.type().name())
                        .sorted()
                        .distinct()
                        .toList()
                + ", keys="
                + keys.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue().size())
                        .collect(Collectors.joining(",", "{", "}"))
                + "]";
    }
}
