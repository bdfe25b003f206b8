package com.playtcha.examples.quarkus.jpa;

import com.playtcha.jakarta.testpostgres.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives both datasources one new database on this project's PostgreSQL (Quarkus's Dev Services would start one in
 * Docker): the users' reactive one and the counts' JDBC one, as an application with one database would. The server
 * stops with the JVM.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String jdbc = TestPostgres.get().database(); // jdbc:postgresql://127.0.0.1:<port>/<name>?user=postgres
        String address = jdbc.substring("jdbc:".length(), jdbc.indexOf('?'));
        return Map.of("quarkus.datasource.ledger.jdbc.url", jdbc,
                "quarkus.datasource.reactive.url", address,
                "quarkus.datasource.username", "postgres");
    }

    @Override
    public void stop() {
        // the database is the test's own; the server is stopped when the JVM exits
    }
}
