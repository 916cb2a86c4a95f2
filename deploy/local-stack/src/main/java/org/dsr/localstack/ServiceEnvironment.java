package org.dsr.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a service of the stack is told at start, as environment variables: where PostgreSQL and Kafka are and who it is
 * there, its own key set and the keys it trusts, the token issuer it believes, and what its role in the stack needs
 * (the orchestrator's policy and console sign-in, a sample processor's API keys, the connector's connectors file and
 * data-key client); then the config's extra settings, which win. A second instance of a service (the same jar under
 * another name) is that service: same key set, same Kafka principal, its own name as instance id.
 */
final class ServiceEnvironment {

    private final StackConfig config;
    private final StackKeys keys;

    ServiceEnvironment(StackConfig config, StackKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    /** The environment a service is started with (launcher settings, then the config's extra env). */
    Map<String, String> of(ServiceSpec s) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(s.port()));
        if (StackKeys.keySetOf(s).equals(ServiceSpec.WITNESS)) {
            return witness(s, env);
        }
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put(
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                "postgresql://127.0.0.1:" + config.postgresPort() + "/" + s.database());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", config.jdbcUrl(s.database()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap());
        // each Kafka client authenticates as its own principal, its password in a file only it reads
        StackKafka.principalOf(s).ifPresent(principal -> env.putAll(StackKafka.serviceEnvironment(config, principal)));
        // its own key set, holding only what it needs (StackKeys)
        env.put("DSR_KEYS_DIR", keys.dirOf(StackKeys.keySetOf(s)).toString());
        env.put("DSR_INSTANCE_ID", s.name());
        if (config.services().stream().anyMatch(x -> x.name().equals(ServiceSpec.REQUEST_SERVICE))) {
            env.put("DSR_REQUEST_SERVICE_URL", config.serviceUrl(ServiceSpec.REQUEST_SERVICE));
        }
        // every service verifies bearer tokens with the stack's issuer key
        env.put(
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                keys.publicDir().resolve(LocalTokens.PUBLIC_KEY_FILE).toString());
        env.put("MP_JWT_VERIFY_ISSUER", LocalTokens.ISSUER);
        if (s.name().equals(ServiceSpec.ERASURE_ORCHESTRATOR)) {
            // the web console's local sign-in mints short-lived tokens with the stack's issuer key (docs/security.md)
            env.put("DSR_UI_LOCAL_SIGN_IN_ENABLED", "true");
            env.put(
                    "DSR_UI_LOCAL_SIGN_IN_KEY_FILE",
                    keys.launcherDir().resolve(LocalTokens.PRIVATE_KEY_FILE).toString());
            // the policy the stack's topics were made from
            env.put("DSR_POLICY_FILE", StackProcessors.policy(config).toString());
        }
        if (StackKeys.keySetOf(s).equals(ServiceSpec.ERASURE_ORCHESTRATOR)) {
            // every instance: whichever holds the sequencer's lock signs checkpoints and asks the witness
            env.putAll(logWitnesses());
        }
        if (s.isSampleProcessor()) {
            // a processor's own system: no command path (the connector answers for it), so no data keys either
            env.put("DSR_SAMPLE_DATA_ENABLED", "true");
            // the key its own API (sign-in, sends, imports, reminders) asks of its own clients (docs/adapters.md)
            env.put(
                    "PLATFORM_API_KEY_FILE",
                    StackProcessors.platformApiKeyFile(config, s.name()).toString());
            if (StackProcessors.ofConnector().contains(s.name())) {
                // the key its privacy API asks of the connector, when the connector reaches it over HTTP
                env.put(
                        "PRIVACY_API_KEY_FILE",
                        StackProcessors.apiKeyFile(config, s.name()).toString());
            }
        }
        if (s.name().equals(ServiceSpec.CONNECTOR)) {
            // the connector answers the commands: it fetches data keys from request-service with a 5-minute
            // dsr-adapter token it gets from the orchestrator's local token endpoint (client credentials)
            if (config.services().stream().anyMatch(x -> x.name().equals(ServiceSpec.REQUEST_SERVICE))) {
                env.put("DSR_DATA_KEYS_URL", config.serviceUrl(ServiceSpec.REQUEST_SERVICE));
            }
            if (config.services().stream().anyMatch(x -> x.name().equals(ServiceSpec.ERASURE_ORCHESTRATOR))) {
                env.put(
                        "DSR_DATA_KEYS_TOKEN_URL",
                        config.serviceUrl(ServiceSpec.ERASURE_ORCHESTRATOR) + "/local/oauth2/token");
            }
            env.put("DSR_DATA_KEYS_CLIENT_ID", ServiceSpec.CONNECTOR);
            env.put("DSR_DATA_KEYS_CLIENT_SECRET_FILE", keys.tokenClientSecret().toString());
        }
        if (s.name().equals(ServiceSpec.CONNECTOR)) {
            env.put(
                    "DSR_CONNECTOR_FILE",
                    StackProcessors.writeConnectorsFile(config).toString());
        }
        // the public keys it trusts (dsr.trust.keys.<owner>): a file, as a map key with a dash cannot be an env name
        env.put(
                "QUARKUS_CONFIG_LOCATIONS",
                keys.writeServiceConfig(s, Map.of()).toUri().toString());
        env.putAll(config.serviceEnv(s.name()));
        return env;
    }

    /**
     * The witness: its own key set and state directory, its name; the log it trusts (origin and the orchestrator's
     * note key) in its properties file. No database, no broker, no token issuer: it answers anyone, trusting only
     * the log's signature (docs/witness.md).
     */
    private Map<String, String> witness(ServiceSpec s, Map<String, String> env) {
        env.put("DSR_KEYS_DIR", keys.dirOf(StackKeys.keySetOf(s)).toString());
        env.put("DSR_WITNESS_STATE_DIR", config.witnessStateDir().toString());
        env.put("DSR_WITNESS_NAME", StackKeys.WITNESS_NAME);
        env.put(
                "QUARKUS_CONFIG_LOCATIONS",
                keys.writeServiceConfig(s, Map.of()).toUri().toString());
        env.putAll(config.serviceEnv(s.name()));
        return env;
    }

    /**
     * The orchestrator's completion log: its origin, and the stack's witness (URL and pinned vkey) when the stack runs
     * one, as {@code dsr.log.witnesses.local.*}. Environment variables, not its properties file: an orchestrator
     * without the completion log's settings ignores them, where it would refuse unknown properties in a file.
     */
    private Map<String, String> logWitnesses() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DSR_LOG_ORIGIN", StackKeys.LOG_ORIGIN);
        if (config.services().stream().anyMatch(x -> x.name().equals(ServiceSpec.WITNESS))) {
            env.put("DSR_LOG_WITNESSES_LOCAL_URL", config.serviceUrl(ServiceSpec.WITNESS));
            env.put("DSR_LOG_WITNESSES_LOCAL_VKEY", keys.witnessVkey());
        }
        return env;
    }
}
