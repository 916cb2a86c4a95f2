package org.dsr.connector.webhook;

import java.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import org.dsr.connector.config.ProcessorEntry;
import org.dsr.connector.config.Settings;
import org.dsr.connector.kind.ConnectorKind;
import org.dsr.connector.kind.ProcessorConnector;
import org.dsr.kit.keys.SigningKeyPair;

/**
 * {@code kind: webhook}: an internal service in any language that receives the command signed by the processor's key
 * and answers signed outcomes, at once or by a callback (docs/connectors/webhook.md).
 */
@ApplicationScoped
public class WebhookKind implements ConnectorKind {

    public static final String NAME = "webhook";

    @Override
    public String name() {
        return NAME;
    }

    /** A webhook signs its requests, so it needs the processor's key: the core always calls the other create. */
    @Override
    public ProcessorConnector create(ProcessorEntry entry, Settings settings) {
        settings.entryError("the webhook kind signs its requests and needs the processor's signing key");
        return null;
    }

    @Override
    public ProcessorConnector create(ProcessorEntry entry, Settings settings, SigningKeyPair key) {
        WebhookSettings read = WebhookSettings.read(settings);
        return read == null ? null : new WebhookConnector(entry.name(), read, key, Clock.systemUTC());
    }
}
