package org.dsr.adapter.email;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.platform.PlatformApiSecured;

/**
 * Imports one contact, as a list import or sign-up form would (the platform's key in {@code X-Api-Key}). Always
 * 202 Accepted with the same body: whether the address was new, already a contact, or suppressed because its
 * owner was erased is not told, so an import cannot be used to learn who is a contact or who asked to be erased. A
 * suppressed address is never stored.
 */
@Path("/contacts/imports")
@PlatformApiSecured
public class ContactImportResource {

    public record ContactImport(
            @NotBlank @Email @Size(max = 320) String email,
            @Size(max = 200) String firstName,
            @Size(max = 200) String lastName) {}

    public record ImportAnswer(String status) {
        static final ImportAnswer ACCEPTED = new ImportAnswer("ACCEPTED");
    }

    private final ContactImportService imports;

    public ContactImportResource(ContactImportService imports) {
        this.imports = imports;
    }

    @POST
    public Uni<Response> importContact(@Valid ContactImport contact) {
        return imports.importContact(contact.email(), contact.firstName(), contact.lastName(), "import")
                .map(added -> Response.accepted(ImportAnswer.ACCEPTED).build());
    }
}
