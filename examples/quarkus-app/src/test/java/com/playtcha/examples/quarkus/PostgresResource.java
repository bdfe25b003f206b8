package com.playtcha.examples.quarkus;

import com.playtcha.jakarta.testpostgres.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives the {@code ledger} datasource a new database on this project's embedded PostgreSQL (Quarkus's
 * Dev Services would start one in Docker). The server stops with the JVM.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.datasource.ledger.jdbc.url", TestPostgres.get().database());
    }

    @Override
    public void stop() {
        // the database is the test's own; the server is stopped when the JVM exits
    }
}
