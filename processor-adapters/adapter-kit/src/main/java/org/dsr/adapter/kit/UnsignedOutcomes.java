package org.dsr.adapter.kit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

import org.dsr.contracts.event.ProcessorOutcomeV1;

/** Signing is a later issue: outcomes leave with {@code signature} null. */
@DefaultBean
@ApplicationScoped
public class UnsignedOutcomes implements OutcomeSigner {

    @Override
    public ProcessorOutcomeV1 sign(ProcessorOutcomeV1 outcome) {
        return outcome;
    }
}
