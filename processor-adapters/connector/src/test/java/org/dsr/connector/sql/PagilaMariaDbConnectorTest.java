package org.dsr.connector.sql;

import java.util.List;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.dsr.connector.MariaDbConnectorTestResource;
import org.dsr.testsupport.RealInfrastructureTest;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link PagilaConnectorContract} on MariaDB: processor {@code pagila-mariadb}, url {@code mariadb://...}, the Pagila
 * shop ported to MariaDB ({@link PagilaMariaDb}) in the tests' own {@link MariaDbServer}. Skipped on a machine without
 * mariadb-server; under CI it runs, and fails there without it.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbConnectorTestResource.class, restrictToAnnotatedClass = true)
@EnabledIf("org.dsr.connector.sql.MariaDbServer#runnable")
@RealInfrastructureTest
class PagilaMariaDbConnectorTest extends PagilaConnectorContract {

    @Override
    String processor() {
        return MariaDbConnectorTestResource.PROCESSOR;
    }

    @Override
    String connectorDatabase() {
        return MariaDbConnectorTestResource.CONNECTOR_DATABASE;
    }

    @Override
    List<List<String>> rows(String sql) {
        return MariaDbServer.get().sql(PagilaMariaDb.DATABASE, sql);
    }

    @Override
    void execute(String sql) {
        MariaDbServer.get().load(PagilaMariaDb.DATABASE, sql);
    }
}
