package org.dsr.request.intake;

import java.util.List;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.request.domain.Verification;
import org.dsr.request.validation.IdentifierRules;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/requests}, and the data of an {@code org.dsr.intake.request.v1} event on
 * {@code dsr.intake} (which may add {@code externalId}). Constraint messages never quote the value.
 *
 * @param verification {@code PENDING} (operators only) holds the request until an operator confirms the subject's
 *        identity; absent or {@code VERIFIED} starts it at once
 * @param externalId Kafka intake only: the sender's id of the request, used as its idempotency key
 */
@Schema(name = "SubmitRequest")
public record SubmitRequest(
        @NotNull RequestType type,
        @NotNull Jurisdiction jurisdiction,
        @NotNull @Valid SubjectInput subject,
        Verification verification,

        @Size(min = 1, max = 200) @Schema(description = "Kafka intake only: the sender's id, used as idempotency key")
        String externalId) {

    public static final int MAX_IDENTIFIERS = 20;

    /** The REST shape without the intake-only field. */
    public SubmitRequest(RequestType type, Jurisdiction jurisdiction, SubjectInput subject) {
        this(type, jurisdiction, subject, null, null);
    }

    public Verification verificationOrDefault() {
        return verification == null ? Verification.VERIFIED : verification;
    }

    @Schema(name = "SubjectInput")
    public record SubjectInput(
            @NotEmpty @Size(max = MAX_IDENTIFIERS) List<@NotNull @Valid IdentifierInput> identifiers) {}

    /** One identifier; the first one of a subject determines its pseudonym. */
    @Schema(name = "IdentifierInput")
    @WellFormedIdentifier
    public record IdentifierInput(
            @NotNull IdentifierType type,

            @NotBlank @Size(max = IdentifierRules.MAX_LENGTH)
            String value) {

        /** Never print the value. */
        @Override
        public String toString() {
            return "IdentifierInput[" + type + ", <redacted>]";
        }
    }
}
