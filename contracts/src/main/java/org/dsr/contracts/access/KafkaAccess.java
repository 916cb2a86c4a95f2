package org.dsr.contracts.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsr.contracts.Topics;

/**
 * The one description of who may use Kafka for what: which principal reads and writes which topic and which consumer
 * groups it may join. The broker's ACLs in tests (test-support) and on the local stack are made from it, and so are
 * the Helm chart's Strimzi {@code KafkaUser}s ({@link #strimziAcls}), so the three cannot drift. Nothing here names
 * a wildcard or a prefix: every grant is one literal topic or group.
 * <p>
 * Command topics are per processor and the processors are configuration, so the description is expanded for a
 * {@link Deployment}: the orchestrator writes the command topic of every processor; the connector reads those of the
 * processors it hosts; a processor that runs its own adapter gets its own principal, {@code adapter-<processor>}, that
 * reads only its command topic.
 */
public final class KafkaAccess {

    /** The super user: creates topics, ACLs and credentials; test and bench tools read with it. No service uses it. */
    public static final String ADMIN = "admin";

    public static final String REQUEST_SERVICE = "request-service";
    public static final String ORCHESTRATOR = "erasure-orchestrator";
    public static final String CONNECTOR = "connector";
    /** A source system that submits erasure requests as events on {@code dsr.intake} (docs/events.md). */
    public static final String INTAKE_PRODUCER = "intake-producer";

    public static final String ADAPTER_PREFIX = "adapter-";

    /** The SASL mechanism every client and the broker use. */
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    private KafkaAccess() {}

    /** The principal of a processor that runs its own adapter; its consumer group has the same name. */
    public static String adapter(String processor) {
        return ADAPTER_PREFIX + processor;
    }

    /** Which processors exist, which of them the connector hosts and which run their own adapter. */
    public record Deployment(
            List<String> processors, List<String> connectorProcessors, List<String> ownAdapterProcessors) {

        public Deployment {
            processors = List.copyOf(new LinkedHashSet<>(processors));
            connectorProcessors = List.copyOf(new LinkedHashSet<>(connectorProcessors));
            ownAdapterProcessors = List.copyOf(new LinkedHashSet<>(ownAdapterProcessors));
            for (String p : union(connectorProcessors, ownAdapterProcessors)) {
                if (!processors.contains(p)) {
                    throw new IllegalArgumentException("processor " + p + " is hosted but not a processor");
                }
            }
        }

        /** Every processor answered by the connector, none by an own adapter. */
        public static Deployment connectorHostsAll(Collection<String> processors) {
            return new Deployment(List.copyOf(processors), List.copyOf(processors), List.of());
        }

        private static Set<String> union(List<String> a, List<String> b) {
            Set<String> all = new LinkedHashSet<>(a);
            all.addAll(b);
            return all;
        }
    }

    /** What one principal may do: read (and describe) topics, write topics, join consumer groups. */
    public record Principal(String name, List<String> reads, List<String> writes, List<String> groups, String role) {

        public Principal {
            reads = List.copyOf(reads);
            writes = List.copyOf(writes);
            groups = List.copyOf(groups);
        }
    }

    public enum ResourceType {
        TOPIC,
        GROUP
    }

    public enum Operation {
        READ,
        WRITE
    }

    /** One allow rule for {@code User:<principal>} on one literal resource, from any host. */
    public record Acl(String principal, ResourceType resourceType, String name, Operation operation)
            implements Comparable<Acl> {

        @Override
        public int compareTo(Acl o) {
            return toString().compareTo(o.toString());
        }
    }

    /** Every principal of the deployment but the admin, whose rights are not ACLs (it is the broker's super user). */
    public static List<Principal> principals(Deployment d) {
        List<Principal> all = new ArrayList<>();
        all.add(new Principal(
                INTAKE_PRODUCER,
                List.of(),
                List.of(Topics.INTAKE),
                List.of(),
                "a source system submitting requests on Kafka"));
        all.add(new Principal(
                REQUEST_SERVICE,
                List.of(Topics.INTAKE, Topics.OUTCOMES, Topics.OUTCOMES_BULK, Topics.COMPLETIONS),
                List.of(
                        Topics.REQUESTS,
                        Topics.REQUESTS_BULK,
                        dlq(Topics.INTAKE),
                        dlq(Topics.OUTCOMES),
                        dlq(Topics.OUTCOMES_BULK),
                        dlq(Topics.COMPLETIONS)),
                List.of(REQUEST_SERVICE),
                "takes requests in, shows status and proof"));

        List<String> orchestratorReads =
                new ArrayList<>(List.of(Topics.REQUESTS, Topics.REQUESTS_BULK, Topics.OUTCOMES, Topics.OUTCOMES_BULK));
        List<String> orchestratorWrites = new ArrayList<>();
        d.processors().forEach(p -> {
            orchestratorWrites.add(Topics.commands(p));
            orchestratorWrites.add(Topics.bulkCommands(p));
        });
        orchestratorWrites.addAll(List.of(
                Topics.COMPLETIONS,
                dlq(Topics.REQUESTS),
                dlq(Topics.REQUESTS_BULK),
                dlq(Topics.OUTCOMES),
                dlq(Topics.OUTCOMES_BULK)));
        // the operator console lists every dead-letter topic and replays a record to the topic it came from
        for (String consumed : consumedTopics(d)) {
            orchestratorReads.add(dlq(consumed));
            orchestratorWrites.add(consumed);
        }
        all.add(new Principal(
                ORCHESTRATOR,
                distinct(orchestratorReads),
                distinct(orchestratorWrites),
                List.of(ORCHESTRATOR),
                "runs the sagas, signs commands and completion records; its console "
                        + "reads every dead-letter topic and replays a record to where it came from"));

        if (!d.connectorProcessors().isEmpty()) {
            all.add(new Principal(
                    CONNECTOR,
                    d.connectorProcessors().stream()
                            .flatMap(p -> java.util.stream.Stream.of(Topics.commands(p), Topics.bulkCommands(p)))
                            .toList(),
                    adapterWrites(d.connectorProcessors()),
                    List.of(CONNECTOR),
                    "answers the commands of the processors it hosts"));
        }
        for (String p : d.ownAdapterProcessors()) {
            all.add(new Principal(
                    adapter(p),
                    List.of(Topics.commands(p), Topics.bulkCommands(p)),
                    adapterWrites(List.of(p)),
                    List.of(adapter(p)),
                    "a processor's own adapter: its commands only"));
        }
        return List.copyOf(all);
    }

    /** The principal's entry, or empty for a name the description does not know (e.g. the admin). */
    public static java.util.Optional<Principal> principal(Deployment d, String name) {
        return principals(d).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every principal that needs a credential: the admin and those of {@link #principals}. */
    public static List<String> principalNames(Deployment d) {
        List<String> names = new ArrayList<>(List.of(ADMIN));
        principals(d).forEach(p -> names.add(p.name()));
        return List.copyOf(names);
    }

    /**
     * The ACLs that grant exactly the description: READ on each read topic (Kafka lets READ describe it, too), WRITE
     * on each written topic (an idempotent producer needs nothing more) and READ on each group.
     */
    public static Set<Acl> acls(Deployment d) {
        Set<Acl> acls = new TreeSet<>();
        for (Principal p : principals(d)) {
            p.reads().forEach(t -> acls.add(new Acl(p.name(), ResourceType.TOPIC, t, Operation.READ)));
            p.writes().forEach(t -> acls.add(new Acl(p.name(), ResourceType.TOPIC, t, Operation.WRITE)));
            p.groups().forEach(g -> acls.add(new Acl(p.name(), ResourceType.GROUP, g, Operation.READ)));
        }
        return acls;
    }

    /**
     * The {@code spec.authorization.acls} of a Strimzi {@code KafkaUser} for one principal, as YAML lines (the Helm
     * chart's users are made from the same description).
     */
    public static String strimziAcls(Deployment d, String principal) {
        StringBuilder yaml = new StringBuilder("authorization:\n  type: simple\n  acls:\n");
        for (Acl acl : acls(d)) {
            if (acl.principal().equals(principal)) {
                yaml.append("    - resource:\n        type: ")
                        .append(acl.resourceType().name().toLowerCase())
                        .append("\n        name: ")
                        .append(acl.name())
                        .append("\n        patternType: literal\n      operations: [")
                        .append(capitalized(acl.operation().name()))
                        .append("]\n");
            }
        }
        return yaml.toString();
    }

    /**
     * The description as a markdown table (docs/security.md shows it; a test keeps the two equal), for one processor
     * {@code <p>} standing for each: the orchestrator's command topics are every processor's, the connector's those of
     * the processors it hosts.
     */
    public static String markdownTable() {
        String p = "<p>";
        StringBuilder md = new StringBuilder(
                "| principal | reads | writes | consumer groups | what it is |\n" + "|---|---|---|---|---|\n");
        md.append("| `")
                .append(ADMIN)
                .append("` | everything | everything | any | the broker's super user: "
                        + "topics, ACLs, credentials; test and bench tools |\n");
        for (Principal principal : principals(new Deployment(List.of(p), List.of(p), List.of(p)))) {
            md.append("| `")
                    .append(principal.name())
                    .append("` | ")
                    .append(codes(principal.reads()))
                    .append(" | ")
                    .append(codes(principal.writes()))
                    .append(" | ")
                    .append(codes(principal.groups()))
                    .append(" | ")
                    .append(principal.role())
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String codes(List<String> names) {
        return names.isEmpty()
                ? "-"
                : String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }

    /**
     * The client settings a Kafka client of this system needs besides {@code bootstrap.servers}: SASL over plaintext
     * with {@link #SASL_MECHANISM}. The password is quoted for the JAAS line.
     */
    public static Map<String, String> clientProperties(String principal, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                SASL_MECHANISM,
                "sasl.jaas.config",
                jaasConfig(principal, password));
    }

    public static String jaasConfig(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(principal)
                + "\" password=\"" + quoted(password) + "\";";
    }

    private static String quoted(String value) {
        if (value.contains("\"") || value.contains("\\") || value.contains("\n")) {
            throw new IllegalArgumentException("a Kafka user name or password holds no quote, backslash or newline");
        }
        return value;
    }

    /** The topics that have a dead-letter topic: everything a service consumes. */
    private static List<String> consumedTopics(Deployment d) {
        List<String> consumed = new ArrayList<>(List.of(
                Topics.INTAKE,
                Topics.REQUESTS,
                Topics.REQUESTS_BULK,
                Topics.OUTCOMES,
                Topics.OUTCOMES_BULK,
                Topics.COMPLETIONS));
        d.processors().forEach(p -> {
            consumed.add(Topics.commands(p));
            consumed.add(Topics.bulkCommands(p));
        });
        return consumed;
    }

    private static List<String> adapterWrites(List<String> processors) {
        List<String> writes = new ArrayList<>(List.of(Topics.OUTCOMES, Topics.OUTCOMES_BULK));
        processors.forEach(p -> {
            writes.add(dlq(Topics.commands(p)));
            writes.add(dlq(Topics.bulkCommands(p)));
        });
        return writes;
    }

    private static String dlq(String topic) {
        return Topics.deadLetter(topic);
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private static String capitalized(String op) {
        return op.charAt(0) + op.substring(1).toLowerCase();
    }
}
