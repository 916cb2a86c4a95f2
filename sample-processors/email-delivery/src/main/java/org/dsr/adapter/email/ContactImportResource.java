package org.dsr.adapter.email;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/** Imports one contact, as a list import or sign-up form would; a suppressed address is refused with 409. */
@Path("/contacts/imports")
public class ContactImportResource {

    public record ContactImport(@NotBlank @Email @Size(max = 320) String email, @Size(max = 200) String firstName,
            @Size(max = 200) String lastName) {
    }

    public record ImportAnswer(ContactImportService.ImportResult result) {
    }

    private final ContactImportService imports;

    public ContactImportResource(ContactImportService imports) {
        this.imports = imports;
    }

    @POST
    public Uni<Response> importContact(@Valid ContactImport contact) {
        return imports.importContact(contact.email(), contact.firstName(), contact.lastName(), "import")
                .map(result -> switch (result) {
                    case SUPPRESSED -> throw new ProblemException(Problem.of("address-suppressed",
                            "Address suppressed", 409, "The address is on the suppression list and cannot be imported",
                            "/contacts/imports"));
                    case IMPORTED -> Response.status(201).entity(new ImportAnswer(result)).build();
                    case ALREADY_PRESENT -> Response.ok(new ImportAnswer(result)).build();
                });
    }
}
