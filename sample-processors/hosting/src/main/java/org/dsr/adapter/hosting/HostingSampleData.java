package org.dsr.adapter.hosting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
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

/** Accounts for every sample person, with profiles, sessions, uploads and access logs; plus anonymous visitors. */
@ApplicationScoped
public class HostingSampleData implements SampleDataSet {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static final List<String> PATHS = List.of(
            "/",
            "/login",
            "/dashboard",
            "/projects",
            "/billing",
            "/settings",
            "/api/v1/deployments",
            "/docs/getting-started",
            "/logout");

    @Override
    public String anchorTable() {
        return "accounts";
    }

    @Override
    public int load(Connection c, SamplePopulation population) throws SQLException {
        Random random = population.random("hosting");
        Faker se = population.faker("hosting", Jurisdiction.SE);
        Faker dk = population.faker("hosting", Jurisdiction.DK);
        int rows = 0;
        try (PreparedStatement account = c.prepareStatement("insert into accounts (id, user_id, email, full_name,"
                        + " password_hash, personnummer, created_at) values (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement profile = c.prepareStatement("insert into profiles (account_id, display_name,"
                        + " phone, locale, bio, avatar_url, updated_at) values (?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement session = c.prepareStatement("insert into sessions (id, account_id, ip, user_agent,"
                        + " created_at, last_seen_at) values (?, ?, ?, ?, ?, ?)");
                PreparedStatement file = c.prepareStatement("insert into uploaded_files (account_id, file_name,"
                        + " content_type, size_bytes, storage_key, metadata, uploaded_at)"
                        + " values (?, ?, ?, ?, ?, cast(? as jsonb), ?)");
                PreparedStatement log = c.prepareStatement("insert into access_logs (account_id, ip, user_agent,"
                        + " path, status, device_id, at) values (?, ?, ?, ?, ?, ?, ?)")) {
            SampleBatches batches = new SampleBatches(account, profile, session, file, log);
            for (SamplePerson p : population.people()) {
                Faker faker = p.jurisdiction() == Jurisdiction.DK ? dk : se;
                long id = p.number();
                Instant created = NOW.minus(30 + random.nextInt(1500), ChronoUnit.DAYS);
                account.setLong(1, id);
                account.setString(2, p.userId());
                account.setString(3, p.email());
                account.setString(4, p.fullName());
                account.setString(
                        5,
                        "$2a$10$"
                                + Base64.getEncoder()
                                        .withoutPadding()
                                        .encodeToString(bytes(random, 40))
                                        .substring(0, 53));
                account.setString(6, p.personnummer());
                account.setTimestamp(7, Timestamp.from(created));
                account.addBatch();
                rows++;
                if (p.fixed() || random.nextInt(5) > 0) {
                    profile.setLong(1, id);
                    profile.setString(2, p.firstName());
                    profile.setString(3, p.phone());
                    profile.setString(4, p.jurisdiction() == Jurisdiction.DK ? "da-DK" : "sv-SE");
                    profile.setString(5, faker.company().catchPhrase());
                    profile.setString(6, "https://cdn.example.net/avatars/" + UUID.nameUUIDFromBytes(bytes(random, 8)));
                    profile.setTimestamp(7, Timestamp.from(created.plus(random.nextInt(30), ChronoUnit.DAYS)));
                    profile.addBatch();
                    rows++;
                }
                String device = "dev-" + UUID.nameUUIDFromBytes(("hosting" + p.email()).getBytes());
                String agent = faker.internet().userAgent();
                String homeIp = random.nextInt(4) == 0
                        ? faker.internet().ipV6Address()
                        : faker.internet().ipV4Address();
                int sessions = 1 + random.nextInt(3) + (p.fixed() ? 1 : 0);
                for (int i = 0; i < sessions; i++) {
                    Instant at = NOW.minus(random.nextInt(60 * 24 * 30), ChronoUnit.MINUTES);
                    session.setObject(1, UUID.nameUUIDFromBytes(bytes(random, 16)));
                    session.setLong(2, id);
                    session.setString(3, homeIp);
                    session.setString(4, agent);
                    session.setTimestamp(5, Timestamp.from(at));
                    session.setTimestamp(6, Timestamp.from(at.plus(random.nextInt(300), ChronoUnit.MINUTES)));
                    session.addBatch();
                    rows++;
                }
                int files = random.nextInt(3) + (p.fixed() ? 1 : 0);
                for (int i = 0; i < files; i++) {
                    String name = faker.file().fileName().replaceAll(".*[\\\\/]", "");
                    file.setLong(1, id);
                    file.setString(2, name);
                    file.setString(3, faker.file().mimeType());
                    file.setLong(4, 10_000 + random.nextInt(5_000_000));
                    file.setString(5, "uploads/" + id + "/" + UUID.nameUUIDFromBytes(bytes(random, 16)));
                    file.setString(
                            6,
                            "{\"author\": \"" + p.fullName() + "\", \"camera\": null, \"pages\": "
                                    + (1 + random.nextInt(40)) + "}");
                    file.setTimestamp(7, Timestamp.from(created.plus(random.nextInt(300), ChronoUnit.DAYS)));
                    file.addBatch();
                    rows++;
                }
                int logs = 5 + random.nextInt(10);
                for (int i = 0; i < logs; i++) {
                    // Some requests were made before sign-in: same device, no account.
                    boolean signedIn = random.nextInt(4) > 0;
                    if (signedIn) {
                        log.setLong(1, id);
                    } else {
                        log.setNull(1, java.sql.Types.BIGINT);
                    }
                    log.setString(2, homeIp);
                    log.setString(3, agent);
                    log.setString(4, PATHS.get(random.nextInt(PATHS.size())));
                    log.setInt(5, random.nextInt(20) == 0 ? 404 : 200);
                    log.setString(6, device);
                    log.setTimestamp(7, Timestamp.from(NOW.minus(random.nextInt(60 * 24 * 90), ChronoUnit.MINUTES)));
                    log.addBatch();
                    rows++;
                }
                batches.personAdded();
            }
            // Visitors who never signed in.
            for (int i = 0; i < 400; i++) {
                log.setNull(1, java.sql.Types.BIGINT);
                log.setString(2, se.internet().ipV4Address());
                log.setString(3, se.internet().userAgent());
                log.setString(4, PATHS.get(random.nextInt(PATHS.size())));
                log.setInt(5, 200);
                log.setString(6, "dev-anon-" + i);
                log.setTimestamp(7, Timestamp.from(NOW.minus(random.nextInt(60 * 24 * 90), ChronoUnit.MINUTES)));
                log.addBatch();
                rows++;
            }
            batches.run();
        }
        try (Statement st = c.createStatement()) {
            st.execute("select setval('accounts_id_seq', (select max(id) from accounts))");
        }
        return rows;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
