package org.dsr.contracts.event;

import java.util.List;
import java.util.UUID;

/**
 * Published by a processor adapter on {@code dsr.outcomes}: every outcome of one command in one message, each still
 * the {@link ProcessorOutcomeV1} the adapter signed alone (so a completion record embeds and verifies it exactly as
 * before). One message per command instead of one per category: a command of four categories costs one publish and
 * one delivery to each consumer instead of four.
 */
public record ProcessorOutcomeBatchV1(
        UUID commandId, UUID requestId, String processor, List<ProcessorOutcomeV1> outcomes) {

    public static final String TYPE = "org.dsr.processor.outcomes.v1";
}
