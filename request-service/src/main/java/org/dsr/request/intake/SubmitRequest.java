package org.dsr.request.intake;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.IdentifierType;

/** Body of {@code POST /api/v1/requests}. Constraint messages never quote the value. */
@Schema(name = "SubmitRequest")
public record SubmitRequest(
        @NotNull RequestType type,
        @NotNull Jurisdiction jurisdiction,
        @NotNull @Valid SubjectInput subject) {

    public static final int MAX_IDENTIFIERS = 20;

    @Schema(name = "SubjectInput")
    public record SubjectInput(
            @NotEmpty @Size(max = MAX_IDENTIFIERS) List<@NotNull @Valid IdentifierInput> identifiers) {
    }

    /** One identifier; the first one of a subject determines its pseudonym. */
    @Schema(name = "IdentifierInput")
    @WellFormedIdentifier
    public record IdentifierInput(
            @NotNull IdentifierType type,
            @NotBlank @Size(max = WellFormedIdentifier.MAX_LENGTH) String value) {

        /** Never print the value. */
        @Override
        public String toString() {
            return "IdentifierInput[" + type + ", <redacted>]";
        }
    }
}
