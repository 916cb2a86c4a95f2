package org.dsr.adapter.email;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.sql.Sql;
import org.dsr.contracts.subject.IdentifierType;

/**
 * The way contacts enter this store (list imports, sign-up forms). Refuses a suppressed address, so an erased
 * person cannot be brought back by a later import.
 */
@ApplicationScoped
public class ContactImportService {

    public enum ImportResult {
        IMPORTED, ALREADY_PRESENT, SUPPRESSED
    }

    private final SuppressionHasher hasher;

    public ContactImportService(SuppressionHasher hasher) {
        this.hasher = hasher;
    }

    public Uni<ImportResult> importContact(String email, String firstName, String lastName, String source) {
        String address = IdentifierType.EMAIL.normalise(email);
        return Panache.withTransaction(() -> Sql.count("select count(*) from suppression_list where address_hash ="
                + " :hash", "hash", hasher.hash(address)).flatMap(suppressed -> suppressed > 0
                        ? Uni.createFrom().item(ImportResult.SUPPRESSED)
                        : Sql.update("insert into contacts (email, first_name, last_name, source)"
                                + " values (:email, :first, :last, :source) on conflict (email) do nothing", "email",
                                address, "first", firstName == null ? "" : firstName, "last",
                                lastName == null ? "" : lastName, "source", source)
                                .map(inserted -> inserted == 1 ? ImportResult.IMPORTED
                                        : ImportResult.ALREADY_PRESENT)));
    }
}
