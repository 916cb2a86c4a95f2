package org.dsr.adapter.email;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** Newsletters, a contact per sample person with memberships, consent and delivery history; a few suppressions. */
@ApplicationScoped
public class EmailSampleData implements SampleDataSet {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static final List<String> LISTS =
            List.of("product-news", "weekly-digest", "webinars", "security-notices", "partner-offers");
    private static final List<String> EVENTS = List.of("sent", "delivered", "opened", "clicked");

    private final SuppressionHasher hasher;

    public EmailSampleData(SuppressionHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public String anchorTable() {
        return "contacts";
    }

    @Override
    public int load(Connection c, SamplePopulation population) throws SQLException {
        Random random = population.random("email-delivery");
        Faker faker = population.faker("email-delivery", Jurisdiction.SE);
        int rows = 0;
        try (PreparedStatement list =
                c.prepareStatement("insert into lists (id, name, description) values (?, ?, ?)")) {
            for (int i = 0; i < LISTS.size(); i++) {
                list.setLong(1, i + 1);
                list.setString(2, LISTS.get(i));
                list.setString(3, faker.company().catchPhrase());
                list.addBatch();
                rows++;
            }
            list.executeBatch();
        }
        try (PreparedStatement contact = c.prepareStatement("insert into contacts (id, email, first_name, last_name,"
                        + " locale, source, created_at) values (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement membership = c.prepareStatement(
                        "insert into list_memberships (contact_id, list_id," + " subscribed_at) values (?, ?, ?)");
                PreparedStatement consent = c.prepareStatement("insert into consent_records (contact_id, purpose,"
                        + " granted, ip, recorded_at) values (?, ?, ?, ?, ?)");
                PreparedStatement log = c.prepareStatement("insert into delivery_logs (contact_id, recipient,"
                        + " message_id, subject_line, event, ip, user_agent, at) values (?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement suppression = c.prepareStatement(
                        "insert into suppression_list (address_hash," + " reason, created_at) values (?, ?, ?)")) {
            SampleBatches batches = new SampleBatches(contact, membership, consent, log, suppression);
            for (SamplePerson p : population.people()) {
                long id = p.number();
                Instant created = NOW.minus(10 + random.nextInt(1200), ChronoUnit.DAYS);
                contact.setLong(1, id);
                contact.setString(2, p.email());
                contact.setString(3, p.firstName());
                contact.setString(4, p.lastName());
                contact.setString(5, p.jurisdiction() == Jurisdiction.DK ? "da" : "sv");
                contact.setString(6, random.nextBoolean() ? "signup-form" : "checkout");
                contact.setTimestamp(7, Timestamp.from(created));
                contact.addBatch();
                rows++;
                String ip = faker.internet().ipV4Address();
                int lists = 1 + random.nextInt(3) + (p.fixed() ? 1 : 0);
                int first = random.nextInt(LISTS.size());
                for (int i = 0; i < lists && i < LISTS.size(); i++) {
                    Instant at = created.plus(random.nextInt(10), ChronoUnit.DAYS);
                    membership.setLong(1, id);
                    membership.setLong(2, (first + i) % LISTS.size() + 1);
                    membership.setTimestamp(3, Timestamp.from(at));
                    membership.addBatch();
                    consent.setLong(1, id);
                    consent.setString(2, "newsletter:" + LISTS.get((first + i) % LISTS.size()));
                    consent.setBoolean(3, true);
                    consent.setString(4, ip);
                    consent.setTimestamp(5, Timestamp.from(at));
                    consent.addBatch();
                    rows += 2;
                }
                int messages = 2 + random.nextInt(5);
                String agent = faker.internet().userAgent();
                for (int m = 0; m < messages; m++) {
                    String messageId = "<" + UUID.nameUUIDFromBytes((p.email() + m).getBytes()) + "@mail.example.net>";
                    String subject = "Nyheter: " + faker.company().buzzword();
                    Instant at = NOW.minus(random.nextInt(60 * 24 * 180), ChronoUnit.MINUTES);
                    int reached = 1 + random.nextInt(EVENTS.size());
                    for (int e = 0; e < reached; e++) {
                        boolean engagement = e >= 2;
                        log.setLong(1, id);
                        log.setString(2, p.email());
                        log.setString(3, messageId);
                        log.setString(4, subject);
                        log.setString(5, EVENTS.get(e));
                        log.setString(6, engagement ? ip : null);
                        log.setString(7, engagement ? agent : null);
                        log.setTimestamp(8, Timestamp.from(at.plus(e * 7L, ChronoUnit.MINUTES)));
                        log.addBatch();
                        rows++;
                    }
                }
                batches.personAdded();
            }
            // Addresses that bounced or unsubscribed long ago: only their hashes remain.
            for (int i = 0; i < 20; i++) {
                suppression.setString(1, hasher.hash("former." + i + "@example.org"));
                suppression.setString(2, i % 2 == 0 ? "hard bounce" : "unsubscribed");
                suppression.setTimestamp(3, Timestamp.from(NOW.minus(400 + i, ChronoUnit.DAYS)));
                suppression.addBatch();
                rows++;
            }
            batches.run();
        }
        try (Statement st = c.createStatement()) {
            st.execute("select setval('contacts_id_seq', (select max(id) from contacts))");
            st.execute("select setval('lists_id_seq', (select max(id) from lists))");
        }
        return rows;
    }
}
