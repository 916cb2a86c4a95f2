package org.dsr.adapter.kit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleBatchesTest {

    private final List<String> executed = new ArrayList<>();

    private PreparedStatement statement(String table) {
        return (PreparedStatement) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("executeBatch")) {
                        executed.add(table);
                        return new int[0];
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void runsEveryTablesBatchParentsFirstOnceEveryThousandPeople() throws SQLException {
        SampleBatches batches =
                new SampleBatches(statement("accounts"), statement("profiles"), statement("access_logs"));
        for (int person = 1; person < SampleBatches.PEOPLE_PER_RUN; person++) {
            batches.personAdded();
        }
        assertThat(executed).isEmpty();

        batches.personAdded();
        assertThat(executed).containsExactly("accounts", "profiles", "access_logs");

        for (int person = 0; person < SampleBatches.PEOPLE_PER_RUN * 2 + 17; person++) {
            batches.personAdded();
        }
        assertThat(executed).hasSize(9);

        batches.run();
        assertThat(executed).hasSize(12).endsWith("accounts", "profiles", "access_logs");
    }
}
