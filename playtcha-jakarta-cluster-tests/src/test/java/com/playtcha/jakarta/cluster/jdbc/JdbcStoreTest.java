package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestNaming;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database store in one JVM, on a real PostgreSQL ({@link TestPostgres}), through the public
 * factory and JNDI as an application uses it: what the table holds and for how long, a listener
 * that fails, the schema's version row, and the start-up failures. What every ledger store
 * promises (expiry, a listener's retries and parking, replay): {@link JdbcStoreContractTest}.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class JdbcStoreTest {

    static final String JNDI = "java:comp/env/jdbc/ledger-test";
    static final Duration AWAIT = Duration.ofSeconds(20);

    private HikariDataSource pool;

    @BeforeEach
    void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 4);
        TestNaming.bind(JNDI, pool);
    }

    @AfterEach
    void close() {
        TestNaming.unbind(JNDI);
        pool.close();
    }

    private PlaytchaSettings.Builder settings(PlaytchaSimulator sim) {
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(TestSettings.PATIENT).breakerEnabled(false)
                .ledgerDataSource(JNDI).ledgerLease(Duration.ofSeconds(1));
    }

    private static LedgerEntry failOpen(PlaytchaVerifier verifier, PlaytchaSettings settings, String token) {
        Verification v = verifier.verify(token, "198.51.100.7", "/signup", Policy.of(settings));
        assertEquals("unavailable", v.result().outcome());
        return v.ledgerEntry();
    }

    @Test
    void anEntry_isARowUntilSettled_thenWithoutItsToken_untilTheRetentionDeletesIt(PlaytchaSimulator sim) throws Exception {
        PlaytchaSettings settings = settings(sim).ledgerRetention(Duration.ofSeconds(1)).build();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        sim.inject(Fault.serverError(503, "db_error"));
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings, listener(heard))) {
            String token = sim.mintToken();
            LedgerEntry entry = failOpen(verifier, settings, token);
            await(() -> rows(entry.id()) == 1, "the ledger's writer stores the entry just after the request went on");
            assertEquals(token, column(entry.id(), "token"));
            assertEquals("open", column(entry.id(), "state"));
            assertEquals("/signup", column(entry.id(), "path"));
            assertEquals("198.51.100.7", column(entry.id(), "remote_address"));

            sim.clearFaults();
            await(() -> "reported".equals(column(entry.id(), "state")), "the entry is reconciled and reported");
            assertEquals(1, heard.size());
            assertEquals(entry.id(), heard.get(0).entry().id());
            assertEquals(Reconciliation.Outcome.CONFIRMED, heard.get(0).outcome());
            assertNull(column(entry.id(), "token"), "settled: the token is erased");
            assertEquals("CONFIRMED", column(entry.id(), "outcome"));
            assertNull(column(entry.id(), "owner"));

            await(() -> count("SELECT count(*) FROM playtcha_ledger") == 0, "the retention deletes the reported row");
        }
    }

    /**
     * The same as an application meets it: a {@code PlaytchaListener} that throws, on a verifier whose
     * ledger is the database of a JNDI name, its entry re-verified by the simulator over HTTP (on
     * real time: the back-off between deliveries is 1 s, then 2 s).
     */
    @Test
    void aThrowingListener_onAVerifierOverJndi_hearsTheSameIdAgain_andTheEntryIsReportedOnce(PlaytchaSimulator sim)
            throws Exception {
        PlaytchaSettings settings = settings(sim).build();
        List<Reconciliation> calls = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        PlaytchaListener flaky = new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                calls.add(r);
                if (failures.getAndIncrement() < 2) {
                    throw new IllegalStateException("the application's database is down (test)");
                }
            }
        };
        sim.inject(Fault.serverError(503, "db_error"));
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings, flaky)) {
            assertTrue(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).anyMatch(n -> n.matches(
                    "playtcha-verifier-\\d+-ledger-writer")), "the store's writer named for its verifier, told apart from others");
            LedgerEntry entry = failOpen(verifier, settings, sim.mintToken());
            await(() -> rows(entry.id()) == 1, "the writer stores the entry");
            sim.clearFaults();
            await(() -> "reported".equals(column(entry.id(), "state")), "reported after two failed deliveries");
            assertEquals(3, calls.size(), "two failures, then the one that took it");
            assertTrue(calls.stream().allMatch(r -> r.entry().id().equals(entry.id())), "each time with the entry's id");
            assertEquals("2", column(entry.id(), "failed_deliveries"));
        }
        assertEquals(3, calls.size(), "and never again");
    }

    /**
     * A record of a failed delivery that the writer makes late (it was queued while the database could
     * not be asked) never lowers the count a later record wrote; the same record again is no loss of
     * ownership.
     */
    @Test
    void aLateRecordOfAFailedDelivery_doesNotUndoALaterOne() throws Exception {
        TableStore store = JdbcStore.open(pool, JNDI, PlaytchaSettings.builder("sk_test_failed").ledgerDataSource(JNDI).build().ledger(),
                VerifierClock.SYSTEM, "playtcha-ledger");
        try {
            LedgerEntry entry = new LedgerEntry("late-record", "token-late", Instant.now(), "/signup", "198.51.100.7", "timeout");
            store.recorded(entry);
            await(() -> store.unwritten() == 0, "the writer stores the entry");
            Instant next = Instant.now();
            assertEquals(SharedStore.Hold.HELD, store.deliveryFailed(entry.id(), 2, next));
            assertEquals(SharedStore.Hold.HELD, store.deliveryFailed(entry.id(), 2, next), "the same record again");
            store.deliveryFailed(entry.id(), 1, next); // what the writer makes of a queued, older record
            assertEquals("2", column(entry.id(), "failed_deliveries"));
        } finally {
            store.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void theSchema_isCreatedOnlyWhenAllowed_andANewerOneIsRefused(PlaytchaSimulator sim) throws Exception {
        InvalidSettingException missing = assertThrows(InvalidSettingException.class,
                () -> PlaytchaVerifier.create(settings(sim).ledgerCreateSchema(false).build()).close());
        assertTrue(missing.getMessage().contains("playtcha.ledger.create-schema")
                && missing.getMessage().contains("com/playtcha/jakarta/ledger-postgresql.sql"), missing.getMessage());

        PlaytchaVerifier.create(settings(sim).build()).close();
        assertEquals(2, count("SELECT max(version) FROM playtcha_ledger_schema"), "created, version 2");
        PlaytchaVerifier.create(settings(sim).ledgerCreateSchema(false).build()).close(); // there now: fine without creating

        update("INSERT INTO playtcha_ledger_schema (version) VALUES (3)");
        InvalidSettingException newer = assertThrows(InvalidSettingException.class,
                () -> PlaytchaVerifier.create(settings(sim).build()).close());
        assertTrue(newer.getMessage().contains("playtcha.ledger.datasource") && newer.getMessage().contains("version 3")
                && newer.getMessage().contains("newer"), newer.getMessage());
    }

    @Test
    void aNameThatIsNoDataSource_failsStartUpNamingTheKey(PlaytchaSimulator sim) {
        InvalidSettingException none = assertThrows(InvalidSettingException.class,
                () -> PlaytchaVerifier.create(settings(sim).ledgerDataSource("java:comp/env/jdbc/nothing").build()).close());
        assertTrue(none.getMessage().contains("playtcha.ledger.datasource") && none.getMessage().contains("java:comp/env/jdbc/nothing")
                && none.getMessage().contains("like java:comp/DefaultDataSource"), none.getMessage());

        TestNaming.bind("java:comp/env/jdbc/a-string", "not a DataSource");
        InvalidSettingException wrong = assertThrows(InvalidSettingException.class,
                () -> PlaytchaVerifier.create(settings(sim).ledgerDataSource("java:comp/env/jdbc/a-string").build()).close());
        assertTrue(wrong.getMessage().contains("java.lang.String, not a javax.sql.DataSource"), wrong.getMessage());
    }

    @Test
    void withoutTheCdiApi_theLookupAsksJndiOnly_andNoClassFailsToLoad() throws Exception {
        // A plain Tomcat: the library's and this module's classes, the JDK, and neither CDI nor a JDBC driver.
        java.net.URL classes = DataSourceLookup.class.getProtectionDomain().getCodeSource().getLocation();
        java.net.URL library = InvalidSettingException.class.getProtectionDomain().getCodeSource().getLocation();
        try (java.net.URLClassLoader plain = new java.net.URLClassLoader(new java.net.URL[] {classes, library},
                ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> plain.loadClass("jakarta.enterprise.inject.spi.CDI"));
            Class<?> resources = Class.forName(com.playtcha.jakarta.spi.store.Resources.class.getName(), true, plain);
            Object none = resources.getField("NONE").get(null);
            var find = Class.forName(DataSourceLookup.class.getName(), true, plain).getDeclaredMethod("find", String.class, resources);
            find.setAccessible(true);
            var thrown = assertThrows(java.lang.reflect.InvocationTargetException.class,
                    () -> find.invoke(null, "java:comp/env/jdbc/nothing", none)).getCause();
            assertEquals(InvalidSettingException.class.getName(), thrown.getClass().getName());
            assertTrue(thrown.getMessage().contains("no CDI bean"), thrown.getMessage());
            Class.forName(JdbcStore.class.getName(), true, plain); // and the store itself loads
        }
    }

    @Test
    void aDatabaseThatCannotBeReached_failsStartUp_withoutTheDataSourcesPassword(PlaytchaSimulator sim) {
        // A real driver's DataSource whose URL and password say where a careless message would leak them.
        org.postgresql.ds.PGSimpleDataSource unreachable = new org.postgresql.ds.PGSimpleDataSource();
        unreachable.setUrl("jdbc:postgresql://127.0.0.1:1/ledger?connectTimeout=2");
        unreachable.setUser("ledger");
        unreachable.setPassword("hunter2-db-password");
        TestNaming.bind("java:comp/env/jdbc/unreachable", unreachable);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> PlaytchaVerifier.create(
                settings(sim).ledgerDataSource("java:comp/env/jdbc/unreachable").build()).close());
        assertTrue(e.getMessage().startsWith("playtcha.ledger.datasource") && e.getMessage().contains("cannot be used")
                && e.getMessage().contains("java:comp/env/jdbc/unreachable"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2") && !String.valueOf(e.getCause()).contains("hunter2"), e.getMessage());
    }

    @Test
    void aDirectoryAndADataSource_failStartUp(PlaytchaSimulator sim) {
        InvalidSettingException both = assertThrows(InvalidSettingException.class,
                () -> settings(sim).ledgerDirectory(java.nio.file.Path.of("/var/lib/app")).build());
        assertTrue(both.getMessage().contains("playtcha.ledger.datasource")
                && both.getMessage().contains("playtcha.ledger.directory"), both.getMessage());
    }

    static PlaytchaListener listener(List<Reconciliation> heard) {
        return new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                heard.add(r);
            }
        };
    }

    private String column(String id, String column) throws SQLException {
        try (Connection c = pool.getConnection(); var s = c.prepareStatement("SELECT " + column + " FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "a row for " + id);
                return r.getString(1);
            }
        }
    }

    long rows(String id) throws SQLException {
        try (Connection c = pool.getConnection(); var s = c.prepareStatement("SELECT count(*) FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void await(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!check.holds()) {
            assertTrue(System.nanoTime() < deadline, "within " + AWAIT.toSeconds() + " s: " + what);
            Thread.sleep(50); // polling a condition, not waiting for time to pass
        }
    }
}
