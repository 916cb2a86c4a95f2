package org.dsr.adapter.payments;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.sql.Sql;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/**
 * {@code POST /api/v1/invoices/{invoiceNumber}/reminders}: a payment reminder, i.e. processing of an invoice. A
 * restricted invoice (retained for bookkeeping after an erasure) may only be stored: 423 Locked.
 */
@Path("/api/v1/invoices/{invoiceNumber}/reminders")
public class InvoiceReminderResource {

    public record ReminderAnswer(String invoiceNumber, String status) {
    }

    @POST
    public Uni<Response> remind(@PathParam("invoiceNumber") String invoiceNumber) {
        return Panache.withTransaction(() -> Sql.rows("select id, restricted from invoices where invoice_number ="
                + " :number for update", "number", invoiceNumber).flatMap(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("the invoice");
                    }
                    if (Boolean.TRUE.equals(rows.get(0)[1])) {
                        throw new ProblemException(Problem.of("processing-restricted", "Processing restricted", 423,
                                "The invoice is retained for bookkeeping only and may not be processed", null));
                    }
                    return Sql.update("insert into invoice_reminders (invoice_id) values (:id)", "id",
                            ((Number) rows.get(0)[0]).longValue());
                }).map(inserted -> Response.status(201).entity(new ReminderAnswer(invoiceNumber, "SENT")).build()));
    }
}
