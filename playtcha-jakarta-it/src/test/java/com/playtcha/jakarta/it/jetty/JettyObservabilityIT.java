package com.playtcha.jakarta.it.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.it.LedgerScenario;
import com.playtcha.jakarta.it.ObservabilityScenario;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@link ObservabilityScenario} in an embedded Jetty 12.0 with Weld servlet, SmallRye Config, SmallRye
 * Health 4.3.0 and the OpenTelemetry SDK 1.48.0 in the WAR: the readiness report at /health/ready
 * (a servlet around SmallRye Health's reporter), the metrics from an in-memory reader at /metrics.
 * Here also: the readiness check stays UP with {@code ledger_unwritable} in its data while the
 * ledger's journal cannot be written, and shows no fault once it can (Jetty runs in this JVM, on this
 * file system).
 */
class JettyObservabilityIT extends ObservabilityScenario {

    private static final String TELEMETRY = "com.playtcha.jakarta.it.app.InMemoryTelemetry";
    private static final String READINESS = "com.playtcha.jakarta.it.app.ReadinessServlet";
    private static final Path DIRECTORY = LedgerScenario.newLedgerDirectory("observability");

    @Deployment(testable = false)
    public static WebArchive deployment() {
        WebArchive war = Wars.withClassesByName(Wars.withLibrary("observability"), TELEMETRY, READINESS)
                .addAsWebInfResource(new StringAsset("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                        <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                          <Set name="parentLoaderPriority">false</Set>
                        </Configure>
                        """), "jetty-web.xml")
                .setWebXML(new StringAsset(Wars.webXml(Wars.echoServlet())))
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" "
                        + "bean-discovery-mode=\"annotated\"/>\n"), "beans.xml")
                .addAsResource(new StringAsset("playtcha.url-patterns=/guarded/*\n"
                        + "playtcha.api-url=" + Playtcha.simulator().url() + "\n"
                        + "playtcha.ledger.directory=" + DIRECTORY + "\n"
                        + "playtcha.ledger.capacity=" + LEDGER_CAPACITY + "\n"), "META-INF/microprofile-config.properties");
        return Wars.withObservability(Wars.withWeld(Wars.withMicroProfileConfig(war)));
    }

    @Override
    protected Reply readiness() throws Exception {
        return Http.get(url, "/health/ready");
    }

    @Override
    protected String metrics(String name) throws Exception {
        return Http.get(url, "/metrics").body(); // the in-memory reader collects on request: no wait
    }

    /**
     * A journal that cannot be written, for root too (CI builds as root, and no permission stops
     * root): the journal at its file system's largest file size, so the kernel refuses its next line
     * ({@code EFBIG}, "File too large"), and the name it is rewritten through taken by a directory,
     * which the ledger refuses to write through. Removing that directory lets the next pass rewrite
     * the journal from memory, which ends the fault.
     */
    @Test
    void readinessUp_withLedgerUnwritableInItsData_whileTheJournalCannotBeWritten_thenNoFault() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        assertEquals("verified", Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken()).outcome(),
                "a verdict clears a bad_secret another test left");
        assertEquals(200, readiness().status());
        Path next = DIRECTORY.resolve("playtcha-ledger.jsonl.next");
        Path file = DIRECTORY.resolve("playtcha-ledger.jsonl");
        long size = -1;
        try {
            sim.inject(Fault.serverError(503, "maintenance"));
            String before = failOpen(sim);
            Files.createDirectory(next); // first: a rewrite meanwhile would replace the grown journal
            size = Files.size(file);
            growToTheFileSystemsLimit(file);
            String during = failOpen(sim); // the request goes on: the entry is kept in memory

            Reply unwritable = awaitReadiness(r -> r.body().contains("\"fault\":\"ledger_unwritable\""));
            assertTrue(unwritable.status() == 200 && unwritable.body().contains("\"ledgerOpen\":2"),
                    "every replica shares a disk fault: shown, not a reason to leave rotation: " + unwritable);

            Files.delete(next);
            Reply up = awaitReadiness(r -> !r.body().contains("\"fault\""));
            assertEquals(200, up.status(), up::toString);
            assertTrue(!up.body().contains("\"fault\"") && up.body().contains("\"ledgerOpen\":2"), up::toString);
            String journal = Files.readString(file);
            assertTrue(journal.contains(before) && journal.contains(during), "rewritten from memory, both entries: " + journal);
        } finally {
            Files.deleteIfExists(next);
            sim.clearFaults();
            if (size >= 0 && Files.size(file) > 1L << 40) { // a failure left it grown: not for whoever archives target/
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(size);
                }
            }
        }
    }

    private String failOpen(PlaytchaSimulator sim) throws Exception {
        Reply reply = Http.post(url, "/guarded/signup", Http.JSON, sim.mintToken());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("true", reply.echo().get("com.playtcha.failed-open"), reply::toString);
        return reply.echo().get("com.playtcha.ledger-id");
    }

    /** Grows the file, sparse (no disk spent), to the largest size its file system allows: found by halving. */
    private static void growToTheFileSystemsLimit(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long allowed = f.length();
            long refused = Long.MAX_VALUE;
            while (refused - allowed > 1) {
                long mid = allowed + (refused - allowed) / 2;
                try {
                    f.setLength(mid);
                    allowed = mid;
                } catch (IOException tooLarge) {
                    refused = mid;
                }
            }
            f.setLength(allowed);
        }
    }
}
