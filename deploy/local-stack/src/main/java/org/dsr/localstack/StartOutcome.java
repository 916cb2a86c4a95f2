package org.dsr.localstack;

/** What an {@code ensure} of a component did: started its process now, or found it running. */
enum StartOutcome {
    STARTED,
    ALREADY_RUNNING
}
