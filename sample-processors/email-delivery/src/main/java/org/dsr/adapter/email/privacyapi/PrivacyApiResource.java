package org.dsr.adapter.email.privacyapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.email.SuppressionHasher;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.adapter.kit.sql.SqlArrays;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/**
 * The mail platform's own privacy API, as a mail SaaS offers its customers, under {@code /privacy/v1}: per kind of
 * record, a search by address (in a POST body, never in a URL), a deletion of the ids found (all at once), and for
 * contacts a restriction. The connector's {@code http} kind drives it by the template
 * {@code privacy-api/template.yaml}: the suppression list first (a keyed hash of an address the platform knew, kept
 * without end), then memberships, consent and delivery logs, the contact last (refused while records still reference
 * it). Every request needs the key in {@code X-Api-Key}. Answers name the platform's record ids only, never an
 * address.
 */
@Path("/privacy/v1")
@PrivacyApiSecured
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PrivacyApiResource {

    /** A search: the address whose records are asked for. */
    public record Search(@NotBlank @Email @Size(max = 320) String email) {}

    /** A deletion: the ids a search answered, comma-separated (as the template's {ids} fills them in). */
    public record Deletion(@NotNull @Size(max = 400_000) String ids) {}

    public record Found(String id) {}

    public record Records(List<Found> data) {}

    public record Deleted(long deleted) {}

    public record SuppressionSearch(List<Found> data, boolean suppressed) {}

    public record SuppressionAdded(String id, boolean added) {}

    public record Contact(String id, boolean restricted) {}

    public record Contacts(List<Contact> data) {}

    static final int MAX_IDS = 10_000;
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
    private static final Pattern MEMBERSHIP = Pattern.compile("([0-9]{1,18})-([0-9]{1,18})");
    private static final String CONTACT_IDS = "select id from contacts where email = :email";

    private final SuppressionHasher hasher;

    public PrivacyApiResource(SuppressionHasher hasher) {
        this.hasher = hasher;
    }

    // ----- suppression list (RETAIN)

    /**
     * Whether the platform knows the address (a contact, a delivery log or a suppression entry): then one id, the
     * address's suppression entry (existing or to be made); and whether it is suppressed now.
     */
    @POST
    @Path("/suppression-list/search")
    public Uni<SuppressionSearch> searchSuppression(@Valid @NotNull Search search) {
        String address = address(search);
        String hash = hasher.hash(address);
        return Panache.withSession(() -> known(address, hash)
                .flatMap(known -> suppressed(hash)
                        .map(suppressed -> new SuppressionSearch(
                                known ? List.of(new Found(entryId(hash))) : List.of(), suppressed))));
    }

    /**
     * Adds the keyed hash of an address the platform knows to the suppression list (idempotent): 200 with the
     * entry's id and whether it was added now; 404 for an address it never had.
     */
    @POST
    @Path("/suppression-list")
    public Uni<SuppressionAdded> suppress(@Valid @NotNull Search search) {
        String address = address(search);
        String hash = hasher.hash(address);
        return Panache.withTransaction(() -> known(address, hash).flatMap(known -> {
                    if (!known) {
                        throw ProblemException.notFound("a contact, delivery log or suppression entry for the address");
                    }
                    return Sql.update(
                            "insert into suppression_list (address_hash, reason) values (:hash, 'erasure request')"
                                    + " on conflict (address_hash) do nothing",
                            "hash",
                            hash);
                }))
                .map(inserted -> new SuppressionAdded(entryId(hash), inserted == 1));
    }

    // ----- list memberships, consent records, delivery logs (ERASE)

    @POST
    @Path("/list-memberships/search")
    public Uni<Records> searchMemberships(@Valid @NotNull Search search) {
        return Panache.withSession(() -> Sql.rows(
                        "select contact_id, list_id from list_memberships where contact_id" + " in (" + CONTACT_IDS
                                + ") order by contact_id, list_id",
                        "email",
                        address(search)))
                .map(rows -> new Records(rows.stream()
                        .map(r -> new Found(r.longValue(0) + "-" + r.longValue(1)))
                        .toList()));
    }

    /** Deletes the memberships named {@code <contact id>-<list id>}: 200 with the count, 404 when none was there. */
    @POST
    @Path("/list-memberships/delete")
    public Uni<Deleted> deleteMemberships(@Valid @NotNull Deletion deletion) {
        List<Long> contacts = new ArrayList<>();
        List<Long> lists = new ArrayList<>();
        for (String id : ids(deletion, MEMBERSHIP, "<contact id>-<list id>")) {
            var m = MEMBERSHIP.matcher(id);
            m.matches();
            contacts.add(Long.parseLong(m.group(1)));
            lists.add(Long.parseLong(m.group(2)));
        }
        return deleted(Panache.withTransaction(() -> Sql.update(
                "delete from list_memberships where (contact_id,"
                        + " list_id) in (select * from unnest(cast(cast(:contacts as text) as bigint[]),"
                        + " cast(cast(:lists as text) as bigint[])))",
                "contacts",
                SqlArrays.of(contacts),
                "lists",
                SqlArrays.of(lists))));
    }

    @POST
    @Path("/consent-records/search")
    public Uni<Records> searchConsent(@Valid @NotNull Search search) {
        return found(Panache.withSession(() -> Sql.<Number>column(
                "select id from consent_records where contact_id" + " in (" + CONTACT_IDS + ") order by id",
                "email",
                address(search))));
    }

    @POST
    @Path("/consent-records/delete")
    public Uni<Deleted> deleteConsent(@Valid @NotNull Deletion deletion) {
        return deleteByIds("consent_records", deletion);
    }

    /** Delivery logs of the address's contact, or sent to the address (also when no contact is left). */
    @POST
    @Path("/delivery-logs/search")
    public Uni<Records> searchDeliveryLogs(@Valid @NotNull Search search) {
        return found(Panache.withSession(() -> Sql.<Number>column(
                "select id from delivery_logs where contact_id" + " in (" + CONTACT_IDS
                        + ") or recipient = :email order by id",
                "email",
                address(search))));
    }

    @POST
    @Path("/delivery-logs/delete")
    public Uni<Deleted> deleteDeliveryLogs(@Valid @NotNull Deletion deletion) {
        return deleteByIds("delivery_logs", deletion);
    }

    // ----- contacts (ERASE, RESTRICT, LIFT_RESTRICTION)

    @POST
    @Path("/contacts/search")
    public Uni<Contacts> searchContacts(@Valid @NotNull Search search) {
        return Panache.withSession(() ->
                        Sql.rows("select id, suppressed from contacts where email = :email", "email", address(search)))
                .map(rows -> new Contacts(rows.stream()
                        .map(r -> new Contact(Long.toString(r.longValue(0)), Boolean.TRUE.equals(r.value(1))))
                        .toList()));
    }

    /**
     * Deletes a contact: 204; 404 when there is none; 409 while list memberships, consent records or delivery logs
     * still reference it (delete those first).
     */
    @DELETE
    @Path("/contacts/{id:[0-9]{1,18}}")
    public Uni<Response> deleteContact(@PathParam("id") long id) {
        return Panache.withTransaction(() -> Sql.<Number>column(
                                "select id from contacts where id = :id for update", "id", id)
                        .flatMap(exists -> {
                            if (exists.isEmpty()) {
                                throw ProblemException.notFound("the contact");
                            }
                            return Sql.count(
                                    "select (select count(*) from list_memberships where contact_id = :id)"
                                            + " + (select count(*) from consent_records where contact_id = :id)"
                                            + " + (select count(*) from delivery_logs where contact_id = :id)",
                                    "id",
                                    id);
                        })
                        .flatMap(dependents -> {
                            if (dependents > 0) {
                                throw new ProblemException(Problem.of(
                                        "contact-has-records",
                                        "Conflict",
                                        409,
                                        "The contact still has " + dependents + " list memberships, consent records or"
                                                + " delivery logs; delete those first",
                                        null));
                            }
                            return Sql.update("delete from contacts where id = :id", "id", id);
                        }))
                .map(deleted -> Response.noContent().build());
    }

    /** Whether the contact is restricted: 200 when it is, 404 when it is not (or there is no such contact). */
    @GET
    @Path("/contacts/{id:[0-9]{1,18}}/restriction")
    public Uni<Contact> restriction(@PathParam("id") long id) {
        return Panache.withSession(
                        () -> Sql.count("select count(*) from contacts where id = :id and suppressed", "id", id))
                .map(restricted -> {
                    if (restricted == 0) {
                        throw ProblemException.notFound("a restriction of the contact");
                    }
                    return new Contact(Long.toString(id), true);
                });
    }

    /** Restricts the contact (GDPR Art. 18: nothing is sent to it): 200, also when it already was; 404 unknown. */
    @PUT
    @Path("/contacts/{id:[0-9]{1,18}}/restriction")
    public Uni<Contact> restrict(@PathParam("id") long id) {
        return flag(id, true).map(changed -> new Contact(Long.toString(id), true));
    }

    /** Lifts the restriction: 204, also when there was none; 404 for an unknown contact. */
    @DELETE
    @Path("/contacts/{id:[0-9]{1,18}}/restriction")
    public Uni<Response> lift(@PathParam("id") long id) {
        return flag(id, false).map(changed -> Response.noContent().build());
    }

    // -----

    private Uni<Integer> flag(long id, boolean value) {
        return Panache.withTransaction(() ->
                        Sql.update("update contacts set suppressed = :value where id = :id", "value", value, "id", id))
                .map(changed -> {
                    if (changed == 0) {
                        throw ProblemException.notFound("the contact");
                    }
                    return changed;
                });
    }

    private Uni<Boolean> known(String address, String hash) {
        return Sql.count(
                        "select (select count(*) from contacts where email = :email)"
                                + " + (select count(*) from delivery_logs where recipient = :email)"
                                + " + (select count(*) from suppression_list where address_hash = :hash)",
                        "email",
                        address,
                        "hash",
                        hash)
                .map(n -> n > 0);
    }

    private Uni<Boolean> suppressed(String hash) {
        return Sql.count("select count(*) from suppression_list where address_hash = :hash", "hash", hash)
                .map(n -> n > 0);
    }

    private Uni<Deleted> deleteByIds(String table, Deletion deletion) {
        List<Long> ids =
                ids(deletion, NUMBER, "numbers").stream().map(Long::parseLong).toList();
        // table is one of this class's constants, never input
        return deleted(Panache.withTransaction(() -> Sql.update(
                "delete from " + table + " where id = any(cast(cast(:ids as text) as bigint[]))",
                "ids",
                SqlArrays.of(ids))));
    }

    private static Uni<Deleted> deleted(Uni<Integer> delete) {
        return delete.map(n -> {
            if (n == 0) {
                throw ProblemException.notFound("none of the records named");
            }
            return new Deleted(n);
        });
    }

    private static Uni<Records> found(Uni<List<Number>> ids) {
        return ids.map(list -> new Records(
                list.stream().map(n -> new Found(Long.toString(n.longValue()))).toList()));
    }

    private static List<String> ids(Deletion deletion, Pattern format, String what) {
        List<String> ids =
                deletion.ids().isBlank() ? List.of() : List.of(deletion.ids().split(",", -1));
        if (ids.isEmpty()
                || ids.size() > MAX_IDS
                || !ids.stream()
                        .map(String::strip)
                        .allMatch(id -> format.matcher(id).matches())) {
            throw new ProblemException(Problem.of(
                    "invalid-request",
                    "Invalid request",
                    400,
                    "ids must be 1 to " + MAX_IDS + " comma-separated ids (" + what + ")",
                    null));
        }
        return ids.stream().map(String::strip).toList();
    }

    private static String address(Search search) {
        return IdentifierType.EMAIL.normalise(search.email());
    }

    /**
     * The public id of an address's suppression entry: derived from the keyed hash (so stable before and after the
     * entry is made, and across requests), one-way, and not the stored hash itself.
     */
    static String entryId(String hash) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("suppression-entry:" + hash).getBytes(StandardCharsets.UTF_8));
            return "sup_" + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
