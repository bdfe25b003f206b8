package com.playtcha.jakarta.it.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.LoginPolicyScenario;
import com.playtcha.jakarta.it.LoginPolicyScenario.Answer;
import com.playtcha.jakarta.it.LoginPolicyScenario.Client;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.JndiConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.Resource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 39's "failures on one node count on another": two embedded Jetty 12 (ee10) servers, each
 * deploying the same login WAR ({@link JettyLoginWars}, with {@code PlaytchaLoginHandler}, and the
 * policy of {@link LoginPolicyScenario#POLICY}) with its own verifier, their counts shared through the
 * ledger's PostgreSQL ({@code ledger.datasource}, the cluster module in the WAR), as
 * {@link JettyTwoServersClaimIT} shares the ledger. Not an Arquillian deployment: Arquillian's
 * embedded Jetty is one server.
 */
class JettyTwoServersLoginIT {

    private static final String JNDI = "java:comp/env/jdbc/ledger";
    private static final String HTML = "text/html";
    private static final String JSON = "application/json";
    /** Concurrent guesses a burst, and bursts: bounded, as every load test here is. */
    private static final int GUESSES = 48;
    private static final int BURSTS = 8;

    private Server first;
    private Server second;
    private HikariDataSource pool;

    @AfterEach
    void stop() throws Exception {
        for (Server s : new Server[] {first, second}) {
            if (s != null) {
                s.stop();
            }
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void anAccountsFailuresOnOneServer_countOnTheOther(@TempDir Path dir) throws Exception {
        startBoth(dir);
        String account = "shared-" + System.nanoTime();

        Client one = new Client(InetAddress.getByName("127.0.0.201"), url(first));
        for (int i = 1; i <= 2; i++) {
            Answer failed = one.logIn(account, "guess", null, HTML);
            assertFalse(failed.body().contains("token_required"), failed::toString);
        }
        Answer third = new Client(InetAddress.getByName("127.0.0.202"), url(second)).logIn(account, "guess", null, JSON);
        assertFalse(third.body().contains("token_required"), () -> "two failures are below the threshold: " + third);

        Answer fourth = new Client(InetAddress.getByName("127.0.0.203"), url(first)).logIn(account, "guess", null, JSON);

        assertEquals(403, fourth.status(), fourth::toString);
        assertTrue(fourth.body().contains("\"token_required\""),
                () -> "the second server's failure counted on the first: " + fourth);
    }

    /**
     * Issue 49's flood: bursts of concurrent tokenless guesses at one fresh account, each from a client of
     * its own, spread over both servers, the first right after they started (cold). However slow the
     * flood makes the database, no burst lets more than the account's limit (3) reach the realms: a node
     * that does not hear the store in time asks for a token, never admits on its own counts. Before the
     * fix about half of such bursts let 4 to 9 through on two Tomcats, and cold nodes 9 to 12.
     */
    @Test
    void burstsOfConcurrentGuessesOverBothServers_neverLetMoreThanTheLimitReachTheRealms(@TempDir Path dir) throws Exception {
        startBoth(dir);
        URL[] servers = {url(first), url(second)};
        ExecutorService clients = Executors.newFixedThreadPool(GUESSES);
        try {
            for (int burst = 1; burst <= BURSTS; burst++) {
                String account = "flood-" + burst + "-" + System.nanoTime();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Answer>> answers = new ArrayList<>();
                for (int i = 0; i < GUESSES; i++) {
                    Client client = new Client(InetAddress.getByName("127.1." + burst + "." + (i + 1)), servers[i % 2]);
                    answers.add(clients.submit(() -> {
                        go.await();
                        return client.logIn(account, "guess", null, JSON);
                    }));
                }
                go.countDown();
                int reachedTheRealm = 0;
                for (Future<Answer> answer : answers) {
                    Answer a = answer.get(2, TimeUnit.MINUTES);
                    assertTrue(a.status() < 500, a::toString);
                    if (!a.body().contains("\"token_required\"")) {
                        reachedTheRealm++;
                    }
                }
                assertTrue(reachedTheRealm <= 3, "burst " + burst + ": " + reachedTheRealm + " of " + GUESSES
                        + " tokenless guesses at one account reached the realms; its limit is 3");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** Both servers, each deploying the login WAR with its own verifier, their counts shared on a new database. */
    private void startBoth(Path dir) throws Exception {
        pool = TestPostgres.pool(TestPostgres.get().database(), 8);
        Map<String, String> settings = new HashMap<>(LoginPolicyScenario.POLICY);
        settings.put("ledger.datasource", JNDI);
        settings.put("cluster.timeout", Wars.CLUSTER_TIMEOUT);
        settings.remove("client-budget.enabled"); // the counts live where the budgets do: kept on
        WebArchive war = Wars.withCluster(JettyLoginWars.war("login", settings, true, true,
                "  <resource-ref><res-ref-name>jdbc/ledger</res-ref-name><res-type>javax.sql.DataSource</res-type>"
                        + "</resource-ref>\n"));
        Path file = dir.resolve("login.war");
        war.as(ZipExporter.class).exportTo(file.toFile());
        first = start(file, dir.resolve("first"));
        second = start(file, dir.resolve("second"));
    }

    private Server start(Path war, Path temp) throws Exception {
        Server server = new Server(0);
        WebAppContext app = new WebAppContext(war.toString(), "/login");
        app.setTempDirectory(temp.toFile());
        app.addConfiguration(new JndiConfiguration(), new EnvConfiguration(), new PlusConfiguration());
        new Resource(app, "jdbc/ledger", pool);
        server.setHandler(app);
        server.start();
        return server;
    }

    private static URL url(Server server) throws Exception {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return new URL("http://127.0.0.1:" + port + "/login/");
    }
}
