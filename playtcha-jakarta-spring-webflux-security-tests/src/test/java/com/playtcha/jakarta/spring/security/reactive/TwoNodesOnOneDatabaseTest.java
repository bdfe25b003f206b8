package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The two reactive nodes of {@link TwoNodesOnOneStore} on one PostgreSQL: each has a pool of its own on the one database,
 * the application's bean {@code ledgerDb}, which {@code playtcha.ledger.datasource} names (no JNDI); the login counts
 * are asked through JDBC, which blocks, on the guard's counts threads.
 */
class TwoNodesOnOneDatabaseTest extends TwoNodesOnOneStore {

    private String database;
    /** Each node's pool, closed after the nodes. */
    private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

    @Override
    void startStore() {
        database = TestPostgres.get().database();
    }

    @Override
    SpringApplicationBuilder onTheStore(SpringApplicationBuilder node) {
        HikariDataSource pool = TestPostgres.pool(database, 8);
        pools.add(pool);
        return node.initializers(context -> ((GenericApplicationContext) context).registerBean("ledgerDb", DataSource.class, () -> pool))
                .properties("playtcha.ledger.datasource=ledgerDb");
    }

    @Override
    void stopStore() {
        pools.forEach(HikariDataSource::close);
    }

    /**
     * The counts' threads and their queue full ({@code playtcha.max-connections=1}: one asking, one waiting) while the
     * counts' tables are locked: eight tokenless logins at once are each answered as on a slow store, a token needed,
     * never an error, and a login with a token goes on. Before, each login past the two got
     * {@code RejectedExecutionException}'s 500.
     */
    @Test
    void theCountsThreadsFull_aLoginNeedsAToken_asOnASlowStore() throws Exception {
        Logger guard = Logger.getLogger(ReactivePlaytchaLoginGuard.class.getName());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler heard = new Handler() {
            @Override
            public void publish(LogRecord line) {
                if (line.getLevel() == Level.WARNING) {
                    warnings.add(line.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        guard.addHandler(heard);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try (ConfigurableApplicationContext narrow = node("playtcha.max-connections=1");
                HikariDataSource own = TestPostgres.pool(database, 1); Connection locker = own.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("LOCK TABLE playtcha_login_count, playtcha_login_failure IN ACCESS EXCLUSIVE MODE");
            }
            List<Callable<HttpResponse<String>>> logins = new ArrayList<>();
            for (String user : List.of("mia", "ned", "olga", "pat", "quinn", "rita", "sam", "tina")) {
                logins.add(() -> client(narrow).formLogin("/login", user, "wrong", null));
            }
            for (Future<HttpResponse<String>> answer : clients.invokeAll(logins)) {
                HttpResponse<String> refused = answer.get();
                assertTrue(Browser.header(refused, "Location").endsWith("/login?error"), refused::toString);
                assertEquals("true", Browser.header(refused, "Playtcha-Login-Needs-Token"), refused::toString);
            }
            // One at a time: playtcha.max-connections=1 is the verifier's pool too, which refuses a second verify at once.
            HttpResponse<String> withToken = client(narrow).formLogin("/login", "uma", "secret", OnSimulator.playtcha().mintToken());
            assertEquals("/", Browser.header(withToken, "Location"), withToken::toString);
            locker.rollback();
        } finally {
            clients.shutdownNow();
            guard.removeHandler(heard);
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("are all taken")), "the threads were full, and the log said so: "
                + warnings);
    }

    @Test
    void theBeanNamedBySetting_holdsTheLedgerAndTheCounts() throws Exception {
        try (HikariDataSource own = TestPostgres.pool(database, 1); Connection c = own.getConnection(); Statement s = c.createStatement();
                ResultSet tables = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename IN "
                        + "('playtcha_ledger', 'playtcha_login_failure')")) {
            tables.next();
            assertEquals(2, tables.getInt(1), "both nodes' ledger and login counts are on the bean's database");
        }
    }
}
