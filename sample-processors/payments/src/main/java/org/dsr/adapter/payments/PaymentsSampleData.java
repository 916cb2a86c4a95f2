package org.dsr.adapter.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import net.datafaker.Faker;
import org.dsr.adapter.kit.sample.SampleBatches;
import org.dsr.adapter.kit.sample.SampleDataSet;
import org.dsr.adapter.kit.sample.SamplePerson;
import org.dsr.adapter.kit.sample.SamplePopulation;
import org.dsr.contracts.event.Jurisdiction;

/** Customers (those sample people with a customer number), payment methods, invoices with lines and payments. */
@ApplicationScoped
public class PaymentsSampleData implements SampleDataSet {

    private static final List<String> BRANDS = List.of("visa", "mastercard", "amex");

    @Override
    public String anchorTable() {
        return "customers";
    }

    @Override
    public int load(Connection c, SamplePopulation population) throws SQLException {
        Random random = population.random("payments");
        Faker faker = population.faker("payments", Jurisdiction.SE);
        int rows = 0;
        long invoiceId = 0;
        try (PreparedStatement customer = c.prepareStatement("insert into customers (id, customer_number, name, email,"
                        + " phone, address, org_number, jurisdiction) values (?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement method = c.prepareStatement("insert into payment_methods (customer_id, kind, brand,"
                        + " last4, token, expires) values (?, ?, ?, ?, ?, ?)");
                PreparedStatement invoice = c.prepareStatement("insert into invoices (id, invoice_number, customer_id,"
                        + " fiscal_year_end, issued_on, due_on, buyer_name, buyer_address, amount, vat, currency)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement line = c.prepareStatement("insert into invoice_lines (invoice_id, description,"
                        + " quantity, unit_price, vat_rate) values (?, ?, ?, ?, ?)");
                PreparedStatement payment = c.prepareStatement(
                        "insert into payments (invoice_id, amount, method," + " paid_at) values (?, ?, ?, ?)")) {
            SampleBatches batches = new SampleBatches(customer, method, invoice, line, payment);
            for (SamplePerson p : population.people()) {
                if (!p.isCustomer()) {
                    continue;
                }
                long id = p.number();
                boolean dk = p.jurisdiction() == Jurisdiction.DK;
                customer.setLong(1, id);
                customer.setString(2, p.customerNumber());
                customer.setString(3, p.fullName());
                customer.setString(4, p.email());
                customer.setString(5, p.phone());
                customer.setString(6, p.address());
                customer.setString(
                        7,
                        random.nextInt(5) == 0
                                ? (dk
                                        ? "DK" + (10_000_000 + random.nextInt(89_999_999))
                                        : "55" + (10_000_000 + random.nextInt(89_999_999)) + "-"
                                                + random.nextInt(10_000))
                                : null);
                customer.setString(8, p.jurisdiction().name());
                customer.addBatch();
                rows++;
                int methods = 1 + random.nextInt(2);
                for (int m = 0; m < methods; m++) {
                    method.setLong(1, id);
                    method.setString(2, "card");
                    method.setString(3, BRANDS.get(random.nextInt(BRANDS.size())));
                    method.setString(4, String.format("%04d", random.nextInt(10_000)));
                    method.setString(5, "tok_" + UUID.nameUUIDFromBytes((p.customerNumber() + m).getBytes()));
                    method.setString(6, String.format("%02d/%02d", 1 + random.nextInt(12), 27 + random.nextInt(4)));
                    method.addBatch();
                    rows++;
                }
                for (int year : p.invoiceYears()) {
                    int count = p.fixed() ? 1 : 1 + random.nextInt(3);
                    for (int n = 0; n < count; n++) {
                        invoiceId++;
                        LocalDate issued = LocalDate.of(year, 1 + random.nextInt(12), 1 + random.nextInt(28));
                        int lines = 1 + random.nextInt(3);
                        BigDecimal vatRate = dk ? new BigDecimal("0.25") : new BigDecimal("0.25");
                        BigDecimal net = BigDecimal.ZERO;
                        for (int l = 0; l < lines; l++) {
                            int quantity = 1 + random.nextInt(5);
                            BigDecimal price = BigDecimal.valueOf(49 + random.nextInt(2000))
                                    .setScale(2);
                            net = net.add(price.multiply(BigDecimal.valueOf(quantity)));
                            line.setLong(1, invoiceId);
                            line.setString(2, faker.commerce().productName());
                            line.setInt(3, quantity);
                            line.setBigDecimal(4, price);
                            line.setBigDecimal(5, vatRate);
                            line.addBatch();
                            rows++;
                        }
                        BigDecimal vat = net.multiply(vatRate).setScale(2, RoundingMode.HALF_UP);
                        invoice.setLong(1, invoiceId);
                        invoice.setString(2, (dk ? "DK-" : "SE-") + year + "-" + String.format("%05d", invoiceId));
                        invoice.setLong(3, id);
                        invoice.setDate(4, Date.valueOf(LocalDate.of(year, 12, 31)));
                        invoice.setDate(5, Date.valueOf(issued));
                        invoice.setDate(6, Date.valueOf(issued.plusDays(30)));
                        invoice.setString(7, p.fullName());
                        invoice.setString(8, p.address());
                        invoice.setBigDecimal(9, net.add(vat));
                        invoice.setBigDecimal(10, vat);
                        invoice.setString(11, dk ? "DKK" : "SEK");
                        invoice.addBatch();
                        rows++;
                        if (random.nextInt(10) > 0) {
                            payment.setLong(1, invoiceId);
                            payment.setBigDecimal(2, net.add(vat));
                            payment.setString(3, "card");
                            payment.setTimestamp(
                                    4,
                                    Timestamp.from(issued.plusDays(random.nextInt(30))
                                            .atStartOfDay()
                                            .toInstant(ZoneOffset.UTC)));
                            payment.addBatch();
                            rows++;
                        }
                    }
                }
                batches.personAdded();
            }
            batches.run();
        }
        try (Statement st = c.createStatement()) {
            st.execute("select setval('customers_id_seq', (select max(id) from customers))");
            st.execute("select setval('invoices_id_seq', greatest(1, (select max(id) from invoices)))");
        }
        return rows;
    }
}
