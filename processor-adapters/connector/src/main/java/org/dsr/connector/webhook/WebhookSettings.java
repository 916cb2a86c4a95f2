package org.dsr.connector.webhook;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.dsr.connector.config.Settings;
import org.dsr.contracts.event.Action;

/**
 * A webhook processor's settings in the connectors file:
 *
 * <pre>
 * processors:
 *   billing:
 *     kind: webhook
 *     settings:
 *       url: https://billing.internal/dsr
 *       public-key: { file: keys/billing-service.pub }   # or the base64 key inline: it is not a secret
 *       categories:
 *         account: [ERASE]
 *         orders: [ERASE, ANONYMISE]
 *       timeout: 10s                                     # per request; default 10s
 *       callback-within: 1h                              # how long a 202 may take; default 1h
 *       callback-base-url: https://connector.internal    # where the service calls back; without it no 202
 * </pre>
 */
record WebhookSettings(
        URI url,
        PublicKey servicePublicKey,
        Map<String, Set<Action>> categories,
        Duration timeout,
        Duration callbackWithin,
        URI callbackBaseUrl) {

    static final Set<String> FIELDS =
            Set.of("url", "public-key", "categories", "timeout", "callback-within", "callback-base-url");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_CALLBACK_WITHIN = Duration.ofHours(1);
    private static final String CATEGORY = "[A-Za-z0-9._\\-]{1,64}";

    /** Reads and checks every setting, one error line per bad one; null when any is bad. */
    static WebhookSettings read(Settings settings) {
        int before = settings.errorCount();
        settings.onlyFields(FIELDS);
        URI url = settings.url("url");
        PublicKey key = publicKey(settings);
        Map<String, Set<Action>> categories = categories(settings);
        Duration timeout = settings.duration("timeout", DEFAULT_TIMEOUT);
        Duration within = settings.duration("callback-within", DEFAULT_CALLBACK_WITHIN);
        URI callbackBase = settings.has("callback-base-url") ? settings.url("callback-base-url") : null;
        if (settings.errorCount() != before) {
            return null;
        }
        return new WebhookSettings(url, key, categories, timeout, within, callbackBase);
    }

    private static PublicKey publicKey(Settings settings) {
        String text = settings.string("public-key");
        if (text == null) {
            return null;
        }
        try {
            return WebhookSignatures.publicKey(text);
        } catch (IllegalArgumentException e) {
            settings.error("public-key", "not an Ed25519 public key (base64 of X.509 or of the raw 32 bytes)");
            return null;
        }
    }

    private static Map<String, Set<Action>> categories(Settings settings) {
        Map<String, Set<Action>> out = new LinkedHashMap<>();
        JsonNode node = settings.node().path("categories");
        if (!node.isObject() || node.isEmpty()) {
            settings.error("categories", "required: a mapping of category name to its actions, e.g. orders: [ERASE]");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "categories." + (e.getKey().matches(CATEGORY) ? e.getKey() : "(unprintable)");
            if (!e.getKey().matches(CATEGORY)) {
                settings.error(field, "category names are letters, digits, '.', '_' and '-' (at most 64)");
                continue;
            }
            JsonNode actions = e.getValue();
            if (!actions.isArray() || actions.isEmpty()) {
                settings.error(field, "must list at least one action of " + java.util.List.of(Action.values()));
                continue;
            }
            Set<Action> set = EnumSet.noneOf(Action.class);
            for (JsonNode a : actions) {
                try {
                    set.add(Action.valueOf(a.asText()));
                } catch (IllegalArgumentException ex) {
                    settings.error(
                            field,
                            "unknown action '" + (a.asText().matches(CATEGORY) ? a.asText() : "(unprintable)")
                                    + "'; one of " + java.util.List.of(Action.values()));
                }
            }
            out.put(e.getKey(), Set.copyOf(set));
        }
        return out;
    }
}
