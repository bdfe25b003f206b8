package com.playtcha.jakarta.it.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.it.ClusterDoc;
import com.playtcha.jakarta.it.DatabaseLedgerScenario;
import com.playtcha.jakarta.it.LedgerScenario;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.arquillian.setup.SnapshotServerSetupTask;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/cluster.md's WildFly recipe, followed: its two {@code jboss-cli} commands (the driver deployed,
 * the data source added) run against the managed WildFly 39 with the test database's address and user,
 * and a WAR naming {@code java:jboss/datasources/PlaytchaLedger} records a request that fails open in
 * that database. The server's configuration is restored after the class (snapshot).
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(WildFlyDatabaseLedgerIT.DocumentedDataSource.class)
class WildFlyDatabaseLedgerIT {

    private static final String JNDI = "java:jboss/datasources/PlaytchaLedger";
    /** A database of its own, made once: the server's data source and the test's reads go to the same. */
    private static final String DATABASE = TestPostgres.get().database();

    @ArquillianResource
    URL app;

    @Deployment(testable = false)
    public static WebArchive war() {
        var sim = Playtcha.simulator();
        return Wars.withCluster(Wars.withLibrary("dbledger")).setWebXML(new StringAsset(Wars.webXml(
                Wars.filter("playtcha", "/signup/*", Map.of("api-url", sim.url().toString(), "secret", sim.secret(),
                        "breaker.enabled", "false", "ledger.datasource", JNDI, "cluster.timeout", Wars.CLUSTER_TIMEOUT))
                + Wars.echoServlet())));
    }

    @AfterEach
    void heal() {
        Playtcha.simulator().clearFaults();
    }

    @Test
    void theDocumentedDataSource_holdsARequestThatFailedOpen() throws Exception {
        Playtcha.simulator().reset();
        String token = Playtcha.simulator().mintToken();

        String id = LedgerScenario.failOpen(app, token);

        assertEquals(token, DatabaseLedgerScenario.column(DATABASE, id, "token"),
                "recorded in WildFly's data source before the request went on");
    }

    /** Runs docs/cluster.md's commands in {@code jboss-cli}, connected to the managed server. */
    public static class DocumentedDataSource extends SnapshotServerSetupTask {
        @Override
        protected void doSetup(ManagementClient client, String container) throws Exception {
            ModelNode home = client.getControllerClient().execute(Operations.createReadAttributeOperation(
                    Operations.createAddress("path", "jboss.home.dir"), "path"));
            Path cli = Path.of(Operations.readResult(home).asString(), "bin", "jboss-cli.sh");
            Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String commands = ClusterDoc.block("```sh", "data-source add")
                    .replaceAll("deploy \\S+", Matcher.quoteReplacement("deploy " + driver))
                    .replaceAll("--driver-name=\\S+", Matcher.quoteReplacement("--driver-name=" + driver.getFileName()))
                    .replaceAll("--connection-url=\\S+", Matcher.quoteReplacement("--connection-url=" + DATABASE.replaceAll("\\?.*", "")))
                    .replaceAll("--user-name=\\S+", "--user-name=postgres");
            List<String> command = new ArrayList<>(List.of("bash", cli.toString(), "--connect",
                    "--controller=remote+http://" + client.getMgmtAddress() + ":" + client.getMgmtPort(),
                    "--commands=" + String.join(",", commands.strip().split("\n"))));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("jboss-cli did not finish in 120 s");
            }
            String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("docs/cluster.md's commands failed in jboss-cli:\n" + commands + "\n" + said);
            }
        }
    }
}
