package org.dsr.request.status;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.request.domain.RequestRepository;
import org.dsr.request.domain.RequestStatus;
import org.dsr.request.domain.Verification;
import org.dsr.request.intake.IntakeService;
import org.jboss.logging.Logger;

/** An operator confirms the subject's identity: the request starts, its event is enqueued in the same transaction. */
@ApplicationScoped
public class VerificationService {

    private static final Logger LOG = Logger.getLogger(VerificationService.class);

    private final RequestRepository requests;
    private final IntakeService intake;
    private final Clock clock;

    public VerificationService(RequestRepository requests, IntakeService intake, Clock clock) {
        this.requests = requests;
        this.intake = intake;
        this.clock = clock;
    }

    public Uni<Void> verify(UUID id, String operator) {
        return Panache.withTransaction(() -> requests.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                        .onItem()
                        .ifNull()
                        .failWith(() -> ProblemException.notFound("Request " + id))
                        .flatMap(request -> {
                            if (request.status != RequestStatus.PENDING_VERIFICATION) {
                                return Uni.createFrom()
                                        .failure(new ProblemException(Problem.of(
                                                "not-pending-verification",
                                                "Conflict",
                                                409,
                                                "The request is " + request.status + ", not PENDING_VERIFICATION",
                                                null)));
                            }
                            Instant now = clock.instant();
                            request.status = RequestStatus.RECEIVED;
                            request.verification = Verification.VERIFIED;
                            request.verifiedBy = operator;
                            request.verifiedAt = now;
                            request.updatedAt = now;
                            return intake.announce(request);
                        }))
                .invoke(() -> LOG.infof("request %s verified by an operator; started", id));
    }
}
