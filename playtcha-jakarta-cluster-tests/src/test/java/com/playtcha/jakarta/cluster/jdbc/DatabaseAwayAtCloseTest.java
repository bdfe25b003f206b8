package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.spi.store.TokenDigest;
import com.playtcha.jakarta.telemetry.PlaytchaMetrics;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestNaming;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node stopped while its database is away: the fail-open requests it recorded meanwhile were
 * never written, so no other node can take them over. Closing reports them {@code abandoned}, as an
 * in-memory ledger does, to the listeners (the metrics among them) and to the log, each named by
 * its token's digest, never the token; they are not lost in silence.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class DatabaseAwayAtCloseTest {

    private static final String JNDI = "java:comp/env/jdbc/ledger-away-at-close";
    private static final int REQUESTS = 5;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
    private HikariDataSource pool;
    private ControlledDataSource db;

    @BeforeEach
    void database() {
        pool = TestPostgres.pool(TestPostgres.get().database(), 4);
        db = new ControlledDataSource(pool);
        TestNaming.bind(JNDI, db);
    }

    @AfterEach
    void close() {
        db.work();
        TestNaming.unbind(JNDI);
        pool.close();
        otel.close();
    }

    @Test
    void entriesTheDatabaseNeverStored_areReportedAbandonedAtClose_toListenersMetricsAndTheLog(PlaytchaSimulator sim)
            throws Exception {
        PlaytchaSettings settings = TestSettings.against(sim)
                .breakerEnabled(false).ledgerDataSource(JNDI).build();
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        PlaytchaVerifier verifier = PlaytchaVerifier.create(settings, JdbcStoreTest.listener(heard));
        try {
            PlaytchaMetrics.attach(verifier, otel);
            sim.inject(Fault.serverError(503, "db_error"));
            db.fail("Connection to 127.0.0.1 refused");
            for (int i = 0; i < REQUESTS; i++) {
                String token = sim.mintToken();
                Verification v = verifier.verify(token, null, "/signup", Policy.of(settings));
                assertTrue(v.proceeds() && v.decision().failedOpen(), v::toString);
                assertNotNull(v.ledgerEntry(), "recorded in memory, for the writer");
                ids.add(v.ledgerEntry().id());
                tokens.add(token);
            }
            assertTrue(heard.isEmpty());
        } finally {
            verifier.close();
        }

        assertEquals(ids, heard.stream().map(r -> r.entry().id()).toList(), "each heard once, in the order recorded");
        assertTrue(heard.stream().allMatch(r -> r.outcome() == Reconciliation.Outcome.ABANDONED), heard::toString);
        MetricData reconciliations = reader.collectAllMetrics().stream()
                .filter(m -> m.getName().equals("playtcha.reconciliations")).findFirst().orElseThrow();
        assertEquals(REQUESTS, reconciliations.getLongSumData().getPoints().stream()
                .filter(p -> p.getAttributes().equals(Attributes.of(AttributeKey.stringKey("playtcha.reconciliation.outcome"),
                        "abandoned")))
                .mapToLong(LongPointData::getValue).sum());
        String logged = log.everything();
        for (String token : tokens) {
            assertTrue(logged.contains("token_sha256=" + TokenDigest.hex(token)), "the log names each by its digest");
            assertFalse(logged.contains(token), "never the token");
        }
        db.work();
        assertTrue(ids.stream().allMatch(id -> rows(id) == 0), "never in the table: no other node could take them over");
    }

    private long rows(String id) {
        try (Connection c = pool.getConnection(); var s = c.prepareStatement("SELECT count(*) FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
