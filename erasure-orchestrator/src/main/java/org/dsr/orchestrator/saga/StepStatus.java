package org.dsr.orchestrator.saga;

public enum StepStatus {
    DISPATCHED, AWAITING_PROCESSOR, DONE, FAILED
}
