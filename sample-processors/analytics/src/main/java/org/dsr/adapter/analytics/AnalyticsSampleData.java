package org.dsr.adapter.analytics;

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

/** Users and devices of the sample people, events before and after sign-in, anonymous traffic, daily aggregates. */
@ApplicationScoped
public class AnalyticsSampleData implements SampleDataSet {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static final List<String> NAMES = List.of(
            "page_view", "sign_in", "search", "add_to_cart", "checkout_started", "feature_used", "video_played");
    private static final List<String> PLATFORMS = List.of("web", "ios", "android");

    @Override
    public String anchorTable() {
        return "users";
    }

    @Override
    public int load(Connection c, SamplePopulation population) throws SQLException {
        Random random = population.random("analytics");
        Faker faker = population.faker("analytics", Jurisdiction.SE);
        int rows = 0;
        try (PreparedStatement user = c.prepareStatement(
                        "insert into users (user_id, email, plan, country," + " first_seen) values (?, ?, ?, ?, ?)");
                PreparedStatement device = c.prepareStatement("insert into devices (device_id, user_id, platform,"
                        + " first_seen, last_seen) values (?, ?, ?, ?, ?)");
                PreparedStatement event = c.prepareStatement("insert into events (user_id, device_id, anonymous_id,"
                        + " ip, name, properties, at) values (?, ?, ?, ?, ?, cast(? as jsonb), ?)")) {
            SampleBatches batches = new SampleBatches(user, device, event);
            for (SamplePerson p : population.people()) {
                Instant firstSeen = NOW.minus(20 + random.nextInt(700), ChronoUnit.DAYS);
                user.setString(1, p.userId());
                user.setString(2, p.email());
                user.setString(3, random.nextInt(4) == 0 ? "pro" : "free");
                user.setString(4, p.jurisdiction().name());
                user.setTimestamp(5, Timestamp.from(firstSeen));
                user.addBatch();
                rows++;
                int devices = 1 + random.nextInt(2);
                String ip = faker.internet().ipV4Address();
                for (int d = 0; d < devices; d++) {
                    String deviceId = "dv-" + UUID.nameUUIDFromBytes(("analytics" + p.userId() + d).getBytes());
                    String anonymousId = "anon-" + UUID.nameUUIDFromBytes(("anon" + p.userId() + d).getBytes());
                    device.setString(1, deviceId);
                    device.setString(2, p.userId());
                    device.setString(3, PLATFORMS.get(random.nextInt(PLATFORMS.size())));
                    device.setTimestamp(4, Timestamp.from(firstSeen));
                    device.setTimestamp(5, Timestamp.from(NOW.minus(random.nextInt(20), ChronoUnit.DAYS)));
                    device.addBatch();
                    rows++;
                    int events = 4 + random.nextInt(12);
                    for (int e = 0; e < events; e++) {
                        // Before sign-in an event carries only the device and an anonymous id.
                        boolean signedIn = e > 1 && random.nextInt(5) > 0;
                        event.setString(1, signedIn ? p.userId() : null);
                        event.setString(2, deviceId);
                        event.setString(3, signedIn ? null : anonymousId);
                        event.setString(4, ip);
                        event.setString(5, NAMES.get(random.nextInt(NAMES.size())));
                        event.setString(6, "{\"path\": \"/" + faker.internet().slug() + "\"}");
                        event.setTimestamp(
                                7, Timestamp.from(NOW.minus(random.nextInt(60 * 24 * 60), ChronoUnit.MINUTES)));
                        event.addBatch();
                        rows++;
                    }
                }
                batches.personAdded();
            }
            for (int i = 0; i < 600; i++) {
                event.setString(1, null);
                event.setString(2, "dv-anon-" + (i % 150));
                event.setString(3, "anon-visitor-" + (i % 150));
                event.setString(4, faker.internet().ipV4Address());
                event.setString(5, "page_view");
                event.setString(6, "{}");
                event.setTimestamp(7, Timestamp.from(NOW.minus(random.nextInt(60 * 24 * 60), ChronoUnit.MINUTES)));
                event.addBatch();
                rows++;
            }
            batches.run();
        }
        try (Statement st = c.createStatement()) {
            rows += st.executeUpdate("insert into daily_aggregates (day, event_name, count)"
                    + " select cast(at as date), name, count(*) from events group by 1, 2");
        }
        return rows;
    }
}
