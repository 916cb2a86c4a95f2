package org.dsr.request.intake;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dsr.contracts.event.EventEnvelope;
import org.dsr.kit.inbox.IdempotentConsumer;
import org.dsr.kit.inbox.PoisonMessageException;
import org.dsr.kit.problem.ProblemException;
import org.dsr.request.domain.Verification;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka intake: internal systems publish {@value #TYPE} CloudEvents on {@code dsr.intake} (docs/intake.md). Through
 * the idempotent inbox, a redelivered event changes nothing; {@code externalId} is the idempotency key of the
 * sending system ({@code intake:<source>}), so the same request published twice under two event ids is still one
 * request. An invalid event goes to {@code dsr.intake.dlq} with its reason (field names, never values).
 */
@ApplicationScoped
public class IntakeConsumer {

    public static final String TYPE = "org.dsr.intake.request.v1";
    static final String CHANNEL = "intake";
    private static final Logger LOG = Logger.getLogger(IntakeConsumer.class);

    private final IdempotentConsumer consumer;
    private final IntakeService intake;
    private final Validator validator;

    public IntakeConsumer(IdempotentConsumer consumer, IntakeService intake, Validator validator) {
        this.consumer = consumer;
        this.intake = intake;
        this.validator = validator;
    }

    @Incoming(CHANNEL)
    public Uni<Void> onIntake(ConsumerRecords<String, String> records) {
        // malformed events are dead-lettered before the batch's transaction: a flood of them costs no transactions
        return consumer.consumeGrouped(CHANNEL, records, Set.of(TYPE), this::decode, this::applyAll);
    }

    /**
     * A poll's valid events in one pass (one read of their idempotency records and of their subjects' open
     * requests); an event the service refuses (an externalId reused with another body) fails the pass, and the
     * consumer then takes each event alone, so only that one is dead-lettered.
     */
    Uni<Void> applyAll(List<EventEnvelope> events) {
        List<IntakeService.Submission> submissions = events.stream()
                .map(event -> {
                    SubmitRequest body = decode(event);
                    return new IntakeService.Submission(body, "intake:" + sourceOf(event), body.externalId());
                })
                .toList();
        return intake.submitAllInTransaction(submissions)
                .onFailure(ProblemException.class)
                .transform(e -> new PoisonMessageException(
                        ((ProblemException) e).problem().detail()))
                .invoke(results -> {
                    for (int i = 0; i < results.size(); i++) {
                        LOG.infof(
                                "%s: event %s -> request %s (%s)",
                                CHANNEL,
                                events.get(i).id(),
                                results.get(i).requestId(),
                                results.get(i).kind());
                    }
                })
                .replaceWithVoid();
    }

    SubmitRequest decode(EventEnvelope event) {
        SubmitRequest body;
        try {
            body = event.dataAs(SubmitRequest.class);
        } catch (IllegalArgumentException | org.dsr.contracts.event.EventCodec.InvalidEventException e) {
            throw new PoisonMessageException(
                    "data is not a valid " + TYPE + " (wrong JSON type or unknown constant in a field)");
        }
        Set<ConstraintViolation<SubmitRequest>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            Set<String> reasons = new TreeSet<>();
            for (ConstraintViolation<SubmitRequest> v : violations) {
                reasons.add(v.getPropertyPath() + ": " + v.getMessage());
            }
            throw new PoisonMessageException("invalid " + TYPE + ": " + String.join("; ", reasons));
        }
        if (body.verification() == Verification.PENDING) {
            throw new PoisonMessageException(
                    "invalid " + TYPE + ": verification: internal systems submit verified requests only");
        }
        return body;
    }

    /** The CloudEvent source names the sending system; kept printable and short. */
    private static String sourceOf(EventEnvelope event) {
        String source = event.source() == null ? "" : event.source();
        return source.matches("[A-Za-z0-9:/._\\-]{1,200}") ? source : "unnamed";
    }
}
