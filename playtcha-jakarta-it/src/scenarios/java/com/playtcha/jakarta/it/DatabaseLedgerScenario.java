package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testpostgres.TestPostgres;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Matcher;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database ledger in a real container, its {@code DataSource} configured the container's way:
 * Tomcat's {@code <Resource>} in the WAR's {@code META-INF/context.xml}, as docs/cluster.md gives it,
 * with the PostgreSQL driver in
 * Tomcat's {@code lib/} (the build copies it there) and the pool Tomcat brings (DBCP). The filter names
 * it {@code ledger.datasource=java:comp/env/jdbc/ledger}. The database is a real PostgreSQL
 * ({@link TestPostgres}) on this machine. A request fails open, its entry is a row with its token, and
 * once Playtcha answers it is reconciled through the database: reported once, the row marked
 * reported and its token erased.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class DatabaseLedgerScenario {

    private static final String NAME = "dbledger";
    private static final String JNDI = "java:comp/env/jdbc/ledger";
    private static final String LISTENER = "com.playtcha.jakarta.it.app.QueueingListener";
    private static String database;

    @ArquillianResource
    URL app;

    @Deployment(testable = false)
    public static WebArchive war() {
        database = TestPostgres.get().database();
        var sim = Playtcha.simulator();
        WebArchive war = Wars.withCluster(Wars.withLibrary(NAME)).setWebXML(new StringAsset(Wars.webXml(
                Wars.filter("playtcha", "/signup/*", Map.of("api-url", sim.url().toString(), "secret", sim.secret(),
                        "breaker.enabled", "false", "ledger.datasource", JNDI, "ledger.lease", "2s",
                        "cluster.timeout", Wars.CLUSTER_TIMEOUT))
                + Wars.servlet("reconciled", LedgerScenario.RECONCILED_SERVLET, "/reconciled")
                + Wars.echoServlet())))
                .addAsWebInfResource(new StringAsset(LISTENER + "\n"),
                        "classes/META-INF/services/com.playtcha.jakarta.core.PlaytchaListener")
                .addAsManifestResource(new StringAsset(contextXml(database)), "context.xml");
        return Wars.withClassesByName(war, LedgerScenario.RECONCILED_SERVLET, LISTENER);
    }

    /**
     * docs/cluster.md's {@code context.xml} for Tomcat, as written there, but for its address and user:
     * the test database's ({@code user} in its URL; it asks for no password).
     */
    static String contextXml(String database) {
        String doc = ClusterDoc.block("```xml", "<Resource name=\"jdbc/ledger\"");
        String xml = doc.replaceAll("url=\"[^\"]*\"", Matcher.quoteReplacement("url=\"" + database.replace("&", "&amp;") + "\""))
                .replaceAll("username=\"[^\"]*\"", "username=\"postgres\"");
        if (xml.equals(doc)) {
            throw new IllegalStateException("docs/cluster.md's Resource has no url or username to replace: " + doc);
        }
        return xml;
    }

    @AfterEach
    void heal() {
        Playtcha.simulator().clearFaults();
    }

    @Test
    void failedOpen_isARowOfTheDatabase_andIsReconciledThroughIt() throws Exception {
        Playtcha.simulator().reset();
        String token = Playtcha.simulator().mintToken();

        String id = LedgerScenario.failOpen(app, token);
        assertEquals(token, column(database, id, "token"), "recorded in the container's DataSource before the request went on");
        assertEquals("maintenance", column(database, id, "cause"));
        Playtcha.simulator().clearFaults();

        Map<String, String> reconciled = LedgerScenario.awaitReconciliation(app);
        assertEquals(id, reconciled.get("id"), reconciled::toString);
        assertEquals("confirmed", reconciled.get("outcome"), reconciled::toString);
        assertEquals(204, Http.get(app, "/reconciled?wait=2").status(), "reported once");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"reported".equals(column(database, id, "state")) && System.nanoTime() < deadline) {
            Thread.sleep(50); // the commit follows the listener's return: polling for it
        }
        assertEquals("reported", column(database, id, "state"));
        assertNull(column(database, id, "token"), "the token is erased once settled");
        assertEquals("CONFIRMED", column(database, id, "outcome"));
        assertFalse(column(database, id, "remote_address").isEmpty());
        assertTrue(Playtcha.simulator().callCount(token) >= 2, "the failed verify, then the re-verification");
    }

    /** The {@code column} of the ledger's row {@code id} in {@code database}. */
    public static String column(String database, String id, String column) throws SQLException {
        try (Connection c = DriverManager.getConnection(database);
                PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM playtcha_ledger WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "a row for " + id);
                return r.getString(1);
            }
        }
    }
}
