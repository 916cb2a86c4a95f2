package org.dsr.connector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.contracts.crypto.Signatures;
import org.dsr.contracts.event.Action;
import org.dsr.kit.keys.SigningKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A webhook processor that is wrongly configured never starts: one error line per bad setting. */
class WebhookSettingsTest {

    @TempDir
    Path dir;

    private List<String> errors = new ArrayList<>();

    private ProcessorConnector create(String yaml) {
        errors = new ArrayList<>();
        var entry = WebhookFixture.entry(yaml, dir);
        return new WebhookKind()
                .create(
                        entry,
                        WebhookFixture.settings(entry, errors, Map.of()),
                        SigningKeyPair.loadOrCreate(dir.resolve("ours"), "shop"));
    }

    @Test
    void everyBadSettingIsNamed() {
        ProcessorConnector connector = create("public-key: bm90IGEga2V5\n"
                + "categories: {orders: [ERASE, SHRED], 'bad name': [ERASE]}\n"
                + "timeout: soon\ncallback-base-url: ftp://x\nretries: 3\n");

        assertThat(connector).isNull();
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "processors[shop].settings.retries: unknown setting; expected one of [callback-base-url,"
                                + " callback-within, categories, public-key, timeout, url]",
                        "processors[shop].settings.url: required",
                        "processors[shop].settings.public-key: not an Ed25519 public key (base64 of X.509 or of the raw 32"
                                + " bytes)",
                        "processors[shop].settings.categories.orders: unknown action 'SHRED'; one of [ERASE, ANONYMISE,"
                                + " RESTRICT, LIFT_RESTRICTION, RETAIN, DEFERRED_ERASE]",
                        "processors[shop].settings.categories.(unprintable): category names are letters, digits, '.', '_'"
                                + " and '-' (at most 64)",
                        "processors[shop].settings.timeout: 'soon' is not a duration (e.g. 30s, 5m, PT1H)",
                        "processors[shop].settings.callback-base-url: must be an absolute http or https URL");
    }

    @Test
    void missingKeyAndCategoriesAreRequired() {
        assertThat(create("url: https://billing.internal/dsr\n")).isNull();
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "processors[shop].settings.public-key: required",
                        "processors[shop].settings.categories: required: a mapping of category name to its actions, e.g."
                                + " orders: [ERASE]");

        assertThat(create("url: https://billing.internal/dsr\npublic-key: {file: missing.pub}\n"
                        + "categories: {orders: []}\n"))
                .isNull();
        assertThat(errors)
                .hasSize(2)
                .anyMatch(e -> e.startsWith("processors[shop].settings.public-key: secret file"))
                .anyMatch(e -> e.startsWith("processors[shop].settings.categories.orders: must list at least one"));
    }

    @Test
    void keyFromAFileInX509OrInlineAsRawBytes() throws Exception {
        SigningKeyPair service = SigningKeyPair.loadOrCreate(dir.resolve("service"), "service");
        Files.writeString(dir.resolve("service.pub"), Signatures.encode(service.publicKey()) + "\n");
        ProcessorConnector fromFile = create("url: https://billing.internal/dsr\npublic-key: {file: service.pub}\n"
                + "categories: {orders: [ERASE, ANONYMISE]}\n");
        assertThat(errors).isEmpty();
        assertThat(fromFile.categories()).isEqualTo(Map.of("orders", Set.of(Action.ERASE, Action.ANONYMISE)));

        byte[] der = service.publicKey().getEncoded();
        String raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
        ProcessorConnector inline = create(
                "url: https://billing.internal/dsr\npublic-key: " + raw + "\n" + "categories: {orders: [ERASE]}\n");
        assertThat(errors).isEmpty();
        assertThat(WebhookSignatures.publicKey(raw)).isEqualTo(service.publicKey());
        assertThat(inline.processor()).isEqualTo("shop");
    }

    @Test
    void defaultsForTimeoutAndCallbackWithin() {
        SigningKeyPair service = SigningKeyPair.loadOrCreate(dir.resolve("service"), "service");
        var entry = WebhookFixture.entry(
                "url: https://billing.internal/dsr\npublic-key: " + Signatures.encode(service.publicKey())
                        + "\ncategories: {orders: [ERASE]}\n",
                dir);
        WebhookSettings settings = WebhookSettings.read(WebhookFixture.settings(entry, errors, Map.of()));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.callbackWithin()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.callbackBaseUrl()).isNull();
    }

    @Test
    void withoutTheProcessorsKeyTheKindRefuses() {
        var entry = WebhookFixture.entry("url: https://billing.internal/dsr\n", dir);
        assertThat(new WebhookKind().create(entry, WebhookFixture.settings(entry, errors, Map.of())))
                .isNull();
        assertThat(errors)
                .containsExactly("processors[shop]: the webhook kind signs its requests and needs the"
                        + " processor's signing key");
    }
}
