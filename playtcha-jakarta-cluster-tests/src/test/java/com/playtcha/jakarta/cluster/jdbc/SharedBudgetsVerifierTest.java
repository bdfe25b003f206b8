package com.playtcha.jakarta.cluster.jdbc;

import static com.playtcha.jakarta.cluster.jdbc.JdbcStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestNaming;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three verifiers, as three nodes, each on a pool of its own to one PostgreSQL named by
 * {@code playtcha.ledger.datasource}: the core finds the cluster's budgets through
 * {@code META-INF/services}, a client is answered {@code client_rate_limited} after one budget spent
 * across the three, and a node whose database fails says {@code budgets_local} until it is back.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class SharedBudgetsVerifierTest {

    private static final int BURST = 5;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<PlaytchaVerifier> verifiers = new ArrayList<>();

    @AfterEach
    void close() {
        verifiers.forEach(PlaytchaVerifier::close);
        names.forEach(TestNaming::unbind);
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void threeVerifiers_refuseAClientAfterOneBudget_andANodeWhoseDatabaseFails_saysSo(PlaytchaSimulator sim) throws Exception {
        String url = TestPostgres.get().database();
        List<ControlledDataSource> databases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HikariDataSource pool = TestPostgres.pool(url, 4);
            pools.add(pool);
            ControlledDataSource db = new ControlledDataSource(pool);
            databases.add(db);
            String name = "java:comp/env/jdbc/budgets-node-" + i;
            TestNaming.bind(name, db);
            names.add(name);
            verifiers.add(PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).ledgerDataSource(name)
                    .clientBudgetBurst(BURST).clientBudgetPerMinute(1).clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build())); // a busy machine: only the failing database is away
        }
        Policy policy = verifiers.get(0).policy();

        int verified = 0;
        int limited = 0;
        for (int i = 0; i < 3 * BURST; i++) {
            VerificationResult result = verifiers.get(i % 3).verify(sim.mintToken(), "198.51.100.20", "/signup", policy).result();
            if (result instanceof VerificationResult.Verified) {
                verified++;
            } else if (VerificationResult.CLIENT_RATE_LIMITED.equals(result.errorCode())) {
                limited++;
            }
        }
        // One budget and what each node spent before telling the others (a tenth of the burst, at least one), not three.
        assertTrue(verified >= BURST && verified <= BURST + 3, verified + " verified, " + limited + " limited");
        assertEquals(3 * BURST - verified, limited);
        verifiers.forEach(v -> assertEquals(null, v.status().localFault()));

        databases.get(0).fail("FATAL: terminating connection due to administrator command");
        for (int i = 0; i < 2; i++) { // the second waits for the telling of the first (a tenth of the burst, at least one)
            assertTrue(verifiers.get(0).verify(sim.mintToken(), "198.51.100.21", "/signup", policy).result()
                    instanceof VerificationResult.Verified, "spent from the node's own bucket");
        }
        assertEquals(LocalFault.BUDGETS_LOCAL, verifiers.get(0).status().localFault().code());
        assertEquals(null, verifiers.get(1).status().localFault(), "the other nodes reach the database");

        databases.get(0).work();
        await(() -> {
            verifiers.get(0).verify(sim.mintToken(), "198.51.100." + (22 + (int) (System.nanoTime() % 100)), "/signup", policy);
            return verifiers.get(0).status().localFault() == null;
        }, "the node shares the budgets again");
    }
}
