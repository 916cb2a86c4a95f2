package org.dsr.orchestrator.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;

/** Reads and validates a policy; every error names the entry it is about. */
public final class PolicyLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private PolicyLoader() {}

    public static Policy load(Optional<Path> file) {
        if (file.isPresent()) {
            try (InputStream in = Files.newInputStream(file.get())) {
                return parse(in, file.get().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read policy file " + file.get(), e);
            }
        }
        try (InputStream in = PolicyLoader.class.getClassLoader().getResourceAsStream("policy.yaml")) {
            if (in == null) {
                throw new InvalidPolicyException("no policy: set dsr.policy.file");
            }
            return parse(in, "classpath:policy.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Policy parse(InputStream in, String origin) {
        Policy policy;
        try {
            policy = YAML.readValue(in, Policy.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidPolicyException(
                    origin + ": unknown field '" + e.getPropertyName() + "' at " + e.getPathReference());
        } catch (InvalidFormatException e) {
            throw new InvalidPolicyException(
                    origin + ": invalid value '" + e.getValue() + "' at " + e.getPathReference());
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new InvalidPolicyException(origin + ": " + e.getOriginalMessage() + " at " + e.getPathReference());
        } catch (IOException e) {
            throw new InvalidPolicyException(origin + ": not a readable policy: " + e.getMessage());
        }
        List<String> errors = validate(policy);
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(origin + " is invalid:\n  - " + String.join("\n  - ", errors));
        }
        return policy;
    }

    static List<String> validate(Policy policy) {
        List<String> errors = new ArrayList<>();
        if (policy.version() != 1) {
            errors.add("version: only version 1 is understood");
        }
        if (policy.processors() == null || policy.processors().isEmpty()) {
            errors.add("processors: at least one processor is required");
            return errors;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < policy.processors().size(); i++) {
            Policy.Processor p = policy.processors().get(i);
            String where = "processors[" + (p.name() == null ? i : p.name()) + "]";
            if (p.name() == null || !p.name().matches("[a-z][a-z0-9-]{0,62}")) {
                errors.add(where + ".name: lower-case letters, digits and dashes");
            } else if (!names.add(p.name())) {
                errors.add(where + ": named twice");
            }
            if (p.timeout() != null && (p.timeout().isNegative() || p.timeout().isZero())) {
                errors.add(where + ".timeout: must be positive");
            }
            if (p.categories() == null || p.categories().isEmpty()) {
                errors.add(where + ".categories: at least one category is required");
                continue;
            }
            Set<String> categories = new HashSet<>();
            for (Policy.Category c : p.categories()) {
                String at = where + ".categories[" + c.name() + "]";
                if (c.name() == null || c.name().isBlank()) {
                    errors.add(where + ".categories: a category has no name");
                    continue;
                }
                if (!categories.add(c.name())) {
                    errors.add(at + ": named twice");
                }
                errors.addAll(validateActions(at, c));
            }
        }
        return errors;
    }

    private static List<String> validateActions(String at, Policy.Category c) {
        List<String> errors = new ArrayList<>();
        Map<RequestType, Action> actions = c.actions() == null ? Map.of() : c.actions();
        if (actions.isEmpty()) {
            errors.add(at + ".actions: name the action for at least one request type");
        }
        actions.forEach((type, action) -> {
            boolean fits = switch (type) {
                case ERASURE -> action == Action.ERASE || action == Action.ANONYMISE || action == Action.RETAIN;
                case RESTRICTION -> action == Action.RESTRICT;
                case LIFT_RESTRICTION -> action == Action.LIFT_RESTRICTION;
            };
            if (!fits) {
                errors.add(at + ".actions." + type + ": " + action + " does not answer a " + type + " request");
            }
        });
        if (actions.containsValue(Action.RETAIN)) {
            for (Jurisdiction j : Jurisdiction.values()) {
                Policy.Retention r =
                        c.retention() == null ? null : c.retention().get(j);
                if (r == null || r.legalBasis() == null || r.legalBasis().isBlank()) {
                    errors.add(at + ".retention." + j + ": RETAIN needs a legal basis for every jurisdiction");
                }
            }
        }
        return errors;
    }

    /** The policy cannot be used; the message lists every problem by entry. */
    public static final class InvalidPolicyException extends RuntimeException {
        public InvalidPolicyException(String message) {
            super(message);
        }
    }
}
