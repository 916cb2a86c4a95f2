package org.dsr.adapter.email;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.subject.IdentifierType;

/**
 * The way contacts enter this store (list imports, sign-up forms). A suppressed address is never stored, so an erased
 * person cannot be brought back by a later import. One statement whatever the address is (new, present or
 * suppressed), so neither the answer nor its timing tells them apart.
 */
@ApplicationScoped
public class ContactImportService {

    private final SuppressionHasher hasher;

    public ContactImportService(SuppressionHasher hasher) {
        this.hasher = hasher;
    }

    /** Whether a contact was added: false for an address already present and for a suppressed one alike. */
    public Uni<Boolean> importContact(String email, String firstName, String lastName, String source) {
        String address = IdentifierType.EMAIL.normalise(email);
        return Panache.withTransaction(() -> Sql.update(
                        "insert into contacts (email, first_name, last_name, source)"
                                + " select cast(:email as text), cast(:first as text), cast(:last as text), cast(:source as text)"
                                + " where not exists (select 1 from suppression_list where"
                                + " address_hash = :hash) on conflict (email) do nothing",
                        "email",
                        address,
                        "first",
                        firstName == null ? "" : firstName,
                        "last",
                        lastName == null ? "" : lastName,
                        "source",
                        source,
                        "hash",
                        hasher.hash(address))
                .map(inserted -> inserted == 1));
    }
}
