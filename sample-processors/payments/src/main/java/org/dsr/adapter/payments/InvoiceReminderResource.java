package org.dsr.adapter.payments;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.adapter.kit.platform.PlatformApiSecured;
import org.dsr.adapter.kit.sql.Sql;
import org.dsr.kit.problem.ProblemException;

/**
 * {@code POST /api/v1/invoices/{invoiceNumber}/reminders}: a payment reminder, i.e. processing of an invoice (the
 * platform's key in {@code X-Api-Key}). A restricted invoice is retained for bookkeeping after its customer's erasure
 * and may only be stored: it is refused exactly as an unknown invoice is (404, the same body, the same look-up), so a
 * reminder cannot be used to learn whose invoices belong to an erased customer.
 */
@Path("/api/v1/invoices/{invoiceNumber}/reminders")
@PlatformApiSecured
public class InvoiceReminderResource {

    public record ReminderAnswer(String invoiceNumber, String status) {}

    @POST
    public Uni<Response> remind(@PathParam("invoiceNumber") String invoiceNumber) {
        return Panache.withTransaction(() -> Sql.rows(
                        "select id, restricted from invoices where invoice_number =" + " :number for update",
                        "number",
                        invoiceNumber)
                .flatMap(rows -> {
                    if (rows.isEmpty() || Boolean.TRUE.equals(rows.get(0).value(1))) {
                        throw ProblemException.notFound("the invoice");
                    }
                    return Sql.update(
                            "insert into invoice_reminders (invoice_id) values (:id)",
                            "id",
                            rows.get(0).longValue(0));
                })
                .map(inserted -> Response.status(201)
                        .entity(new ReminderAnswer(invoiceNumber, "SENT"))
                        .build()));
    }
}
