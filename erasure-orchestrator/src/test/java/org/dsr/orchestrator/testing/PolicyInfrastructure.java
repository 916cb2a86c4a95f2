package org.dsr.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.dsr.testsupport.RealInfrastructureResource;
import org.dsr.testsupport.TestSigningKeys;

/**
 * Real Kafka and PostgreSQL for the orchestrator's tests, with a command topic for every processor of the test policy
 * (src/test/resources/test-policy.yaml, the orchestrator's {@code %test.dsr.policy.file}): the processors are
 * configuration, so the policy says which topics exist.
 */
public class PolicyInfrastructure extends RealInfrastructureResource {

    public static final Path TEST_POLICY = Path.of("src/test/resources/test-policy.yaml");

    /**
     * The orchestrator signs with the test-only orchestrator pair (so other tests can pin it) and pins the test-only
     * key of every processor of the test policy ({@code dsr.trust.keys.<processor>}), as the launcher does on the
     * local stack.
     */
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        TestSigningKeys.of("orchestrator").writeTo(Path.of(config.get("dsr.keys-dir")));
        config.putAll(TestSigningKeys.trustProperties(processorsOf(TEST_POLICY).toArray(String[]::new)));
        return config;
    }

    @Override
    protected List<String> processors() {
        return processorsOf(TEST_POLICY);
    }

    /** The names under {@code processors} in a policy file. */
    public static List<String> processorsOf(Path policy) {
        return processorsOf(policy, null);
    }

    /** The processors a request of this type reaches: those with a category that has an action for it. */
    public static List<String> processorsReachedBy(Path policy, String requestType) {
        return processorsOf(policy, requestType);
    }

    private static List<String> processorsOf(Path policy, String requestType) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(policy.toFile());
            List<String> names = new ArrayList<>();
            for (JsonNode p : root.path("processors")) {
                boolean reached = requestType == null;
                for (JsonNode category : p.path("categories")) {
                    reached |= category.path("actions").has(requestType == null ? "" : requestType);
                }
                if (reached) {
                    names.add(p.path("name").asText());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
