package org.dsr.bench.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dsr.localstack.LocalStack;
import org.dsr.localstack.ServiceSpec;
import org.dsr.localstack.StackConfig;

/** Opens the stack a bench command measures: starts whatever is not running ({@link LocalStack#up()}). */
public final class BenchStack {

    /** Environment variable that sizes the sample processors' generated sample population (SampleDataConfig.people). */
    public static final String SAMPLE_PEOPLE_ENV = "DSR_SAMPLE_DATA_PEOPLE";

    private BenchStack() {}

    /** Every component whose process the bench meters: PostgreSQL, Kafka and the services. */
    public static List<String> components(StackConfig config) {
        List<String> names = new java.util.ArrayList<>(List.of(LocalStack.POSTGRES, LocalStack.KAFKA));
        config.services().forEach(s -> names.add(s.name()));
        return List.copyOf(names);
    }

    /** The sample processors' own systems, with {@code env} added (only takes effect for services this call starts). */
    public static StackConfig withSampleProcessorEnv(StackConfig config, Map<String, String> env) {
        StackConfig c = config;
        for (ServiceSpec s : config.services()) {
            if (s.isSampleProcessor()) {
                c = c.withServiceEnv(s.name(), env);
            }
        }
        return c;
    }

    /** The sample processors sized to generate {@code people} sample people ({@link #SAMPLE_PEOPLE_ENV}). */
    public static StackConfig withSamplePeople(StackConfig config, long people) {
        return withSampleProcessorEnv(config, Map.of(SAMPLE_PEOPLE_ENV, String.valueOf(people)));
    }

    /** Starts what is missing and waits until every service is ready. */
    public static LocalStack open(StackConfig config) {
        LocalStack stack = new LocalStack(config);
        Instant t0 = Instant.now();
        System.out.println("stack: " + config.baseDir() + " (Kafka " + config.kafkaBootstrap() + ", PostgreSQL port "
                + config.postgresPort() + ", request-service " + config.serviceUrl(ServiceSpec.REQUEST_SERVICE) + ")");
        LocalStack.Summary summary = stack.up();
        if (!summary.started().isEmpty()) {
            System.out.printf(
                    "stack: started %s in %.1f s%n",
                    String.join(", ", summary.started()),
                    Duration.between(t0, Instant.now()).toMillis() / 1000.0);
        }
        return stack;
    }

    /**
     * {@link #open} up to {@code attempts} times ({@code up()} is idempotent and continues where it stopped: on a
     * machine shared with other stacks, Kafka can take longer than the launcher's 60 s to answer the first time). When
     * the stack still does not come up, or starting it fails otherwise, and {@code --down} was given, stops what did
     * start before rethrowing, so a failed start leaves no services behind.
     */
    public static LocalStack openOrStop(StackConfig config, StackOptions options, int attempts) {
        for (int attempt = 1; ; attempt++) {
            try {
                return open(config);
            } catch (LocalStack.StackException e) {
                if (attempt < attempts) {
                    System.out.println("stack: not up yet (" + firstLine(e.getMessage()) + "); again");
                    continue;
                }
                stopIfAsked(config, options);
                throw e;
            } catch (RuntimeException | Error e) {
                // e.g. a class missing from the bench's class path while PostgreSQL unpacks: the broker, started
                // beside it, must not outlive a --down run
                stopIfAsked(config, options);
                throw e;
            }
        }
    }

    private static void stopIfAsked(StackConfig config, StackOptions options) {
        if (options.downAfter()) {
            System.out.println("stack: did not come up; stopping what started (--down)");
            new LocalStack(config).down();
        }
    }

    /** The first line of a (possibly multi-line) message, for one-line progress output. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Stops the stack when {@code --down} was given. */
    public static void closeIfAsked(LocalStack stack, StackOptions options) {
        if (options.downAfter()) {
            System.out.println("stack: stopping (--down)");
            stack.down();
        }
    }
}
