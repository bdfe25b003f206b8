package com.playtcha.jakarta.it.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.JndiConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.Resource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two embedded Jetty 12 (ee10) servers, each deploying the same WAR (its own class loader, its own
 * verifier), their ledgers sharing one PostgreSQL table through a {@code DataSource} each binds the
 * Jetty way (a {@code Resource} at the web app's scope, named by a {@code resource-ref}): while
 * Playtcha is down, a token let through on the first is refused {@code already_redeemed} on the
 * second. Not an Arquillian deployment: Arquillian's embedded Jetty is one server.
 */
class JettyTwoServersClaimIT {

    private static final String JNDI = "java:comp/env/jdbc/ledger";

    private Server first;
    private Server second;
    private HikariDataSource pool;

    @AfterEach
    void stop() throws Exception {
        Playtcha.simulator().clearFaults();
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
    void aTokenLetThroughOnTheFirstServer_isRefusedOnTheSecond(@TempDir Path dir) throws Exception {
        var sim = Playtcha.simulator();
        pool = TestPostgres.pool(TestPostgres.get().database(), 8);
        WebArchive war = Wars.withCluster(Wars.withLibrary("claims")).setWebXML(new StringAsset(Wars.webXml(
                // The breaker opens on the outage's first answer and holds the first server's ledger off for a minute:
                // else its re-verification of the token (0.5 s after the miss) may post before the second server does,
                // which at load it did (three calls). Each server's breaker is its own, so the second still posts once.
                Wars.filter("playtcha", "/signup/*", Map.of("api-url", sim.url().toString(), "secret", sim.secret(),
                        "breaker.failures", "1", "breaker.cool-down", "60s", "ledger.datasource", JNDI,
                        "cluster.timeout", Wars.CLUSTER_TIMEOUT))
                + Wars.echoServlet()
                + "  <resource-ref><res-ref-name>jdbc/ledger</res-ref-name><res-type>javax.sql.DataSource</res-type>"
                + "</resource-ref>\n")));
        Path file = dir.resolve("claims.war");
        war.as(ZipExporter.class).exportTo(file.toFile());
        first = start(file, dir.resolve("first"));
        second = start(file, dir.resolve("second"));

        sim.inject(Fault.serverError(503, "maintenance"));
        String token = sim.mintToken();
        Http.Reply passed = Http.post(url(first), "/signup/x", Http.JSON, token);
        assertEquals(200, passed.status(), passed::toString);
        Map<String, String> seen = passed.echo();
        assertEquals("true", seen.get("com.playtcha.failed-open"), passed::toString);
        assertNotNull(seen.get("com.playtcha.ledger-id"), passed::toString);
        assertEquals("false", seen.get("com.playtcha.held-locally"), "claimed in the shared table, so held for the cluster");

        Http.Reply refused = Http.post(url(second), "/signup/x", Http.JSON, token);
        assertEquals(403, refused.status(), refused::toString);
        assertTrue(refused.body().contains("already_redeemed"), refused::toString);
        assertEquals(2, sim.callCount(token), "each server asked Playtcha once; the second server's claim refused it");
    }

    private Server start(Path war, Path temp) throws Exception {
        Server server = new Server(0);
        WebAppContext app = new WebAppContext(war.toString(), "/claims");
        app.setTempDirectory(temp.toFile());
        app.addConfiguration(new JndiConfiguration(), new EnvConfiguration(), new PlusConfiguration());
        new Resource(app, "jdbc/ledger", pool);
        server.setHandler(app);
        server.start();
        return server;
    }

    private static URL url(Server server) throws Exception {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return new URL("http://127.0.0.1:" + port + "/claims/");
    }
}
