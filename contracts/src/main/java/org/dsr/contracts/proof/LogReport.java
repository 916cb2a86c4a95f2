package org.dsr.contracts.proof;

import java.util.List;
import java.util.Optional;
import org.dsr.contracts.proof.ProofReport.Problem;

/**
 * The result of verifying a v2 file (a proof bundle, a log export, or two checkpoints and a consistency proof):
 * how many records passed, the warnings, and the first problem. It holds counts, not the records, so an export of a
 * million records is verified in flat memory; {@link #lines()} is the human-readable output (the checkpoint, its
 * cosignatures, warnings up to a bound, the failure, the summary) and never contains personal data.
 *
 * @param verified records that passed every check
 * @param warnings warnings in all (more than {@link LogVerifier#MAX_WARNING_LINES} are counted, not listed)
 */
public record LogReport(long verified, long warnings, Optional<Problem> problem, List<String> lines, String summary) {

    public boolean ok() {
        return problem.isEmpty();
    }
}
