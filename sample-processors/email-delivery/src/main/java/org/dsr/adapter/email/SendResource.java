package org.dsr.adapter.email;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.platform.PlatformApiSecured;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.adapter.kit.sql.SqlRow;
import org.dsr.contracts.subject.IdentifierType;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/**
 * {@code POST /api/v1/sends}: send one message to one contact (a campaign sends through the same path; the platform's
 * key in {@code X-Api-Key}). Refused with 423 while the contact is restricted ({@code suppressed}, GDPR Art. 18);
 * an address on the suppression list (erased) is answered exactly as an unknown one (404, the same body, the same two
 * look-ups), so a send cannot be used to learn who asked to be erased; otherwise the send is logged. Answers never
 * echo the address.
 */
@Path("/api/v1/sends")
@ApplicationScoped
@PlatformApiSecured
public class SendResource {

    public record Send(
            @NotBlank @Email @Size(max = 320) String email,
            @NotBlank @Size(max = 200) String subjectLine) {}

    public record SendAnswer(String messageId) {}

    private final SuppressionHasher hasher;

    public SendResource(SuppressionHasher hasher) {
        this.hasher = hasher;
    }

    @POST
    public Uni<Response> send(@Valid Send send) {
        String address = IdentifierType.EMAIL.normalise(send.email());
        String messageId = "msg-" + java.util.UUID.randomUUID();
        return Panache.withTransaction(() -> Sql.count(
                                "select count(*) from suppression_list where address_hash =" + " :hash",
                                "hash",
                                hasher.hash(address))
                        .flatMap(listed -> Sql.rows(
                                        "select id, suppressed from" + " contacts where email = :email for share",
                                        "email",
                                        address)
                                .map(rows -> listed > 0 ? List.<SqlRow>of() : rows))
                        .flatMap(rows -> {
                            if (rows.isEmpty()) {
                                throw ProblemException.notFound("the contact");
                            }
                            if (Boolean.TRUE.equals(rows.get(0).value(1))) {
                                throw new ProblemException(Problem.of(
                                        "processing-restricted",
                                        "Processing restricted",
                                        423,
                                        "The contact is restricted: nothing is sent until the restriction is lifted",
                                        null));
                            }
                            return Sql.update(
                                    "insert into delivery_logs (contact_id, recipient, message_id, subject_line,"
                                            + " event, at) values (:contact, :recipient, :message, :subject, 'sent', now())",
                                    "contact",
                                    rows.get(0).longValue(0),
                                    "recipient",
                                    address,
                                    "message",
                                    messageId,
                                    "subject",
                                    send.subjectLine());
                        }))
                .map(inserted ->
                        Response.status(201).entity(new SendAnswer(messageId)).build());
    }
}
