package org.dsr.connector.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.dsr.connector.ConnectorTestResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.dsr.testsupport.TestInfrastructure;

/**
 * {@link PagilaConnectorContract} on PostgreSQL: processor {@code pagila}, the published Pagila schema
 * (src/test/resources/pagila) in the test PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(value = ConnectorTestResource.class, restrictToAnnotatedClass = true)
@RealInfrastructureTest
class PagilaConnectorTest extends PagilaConnectorContract {

    @Override
    String processor() {
        return ConnectorTestResource.PAGILA;
    }

    @Override
    String connectorDatabase() {
        return "connector_test";
    }

    @Override
    List<List<String>> rows(String sql) throws SQLException {
        try (Connection c = TestInfrastructure.get().connect(PagilaDatabase.DATABASE);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    @Override
    void execute(String sql) throws SQLException {
        try (Connection c = TestInfrastructure.get().connect(PagilaDatabase.DATABASE);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
