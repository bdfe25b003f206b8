package com.playtcha.jakarta.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks still work: every part of the full run, scaled down to a few seconds (one cell
 * of half a second per variant, a half-second outage with a 100 ms timeout, a thousand verifies, one
 * round of the cluster part from 32 addresses, one JMH benchmark for one 100 ms iteration in this JVM). The report goes to {@code target/}, never
 * over the committed {@code REPORT.md}. It asserts that things ran, not how fast.
 */
class BenchmarkSmokeTest {

    @Test
    void everyPartRuns_andTheReportIsWritten() throws Exception {
        Path report = Path.of("target", "smoke", "REPORT.md");
        Files.deleteIfExists(report);
        Plan plan = Plan.from(Map.ofEntries(
                Map.entry("bench.seconds", "0.5"),
                Map.entry("bench.rounds", "1"),
                Map.entry("bench.forks", "0"),
                Map.entry("bench.warmup", "0"),
                Map.entry("bench.latencies", "0"),
                Map.entry("bench.clients", "4"),
                Map.entry("bench.outage.seconds", "0.5"),
                Map.entry("bench.outage.timeout", "100"),
                Map.entry("bench.memory.verifies", "1000"),
                Map.entry("bench.memory.threads", "4"),
                Map.entry("bench.jmh.forks", "0"),
                Map.entry("bench.jmh.warmups", "0"),
                Map.entry("bench.jmh.iterations", "1"),
                Map.entry("bench.jmh.time", "100"),
                Map.entry("bench.cluster.addresses", "32"),
                Map.entry("bench.cluster.rounds", "1"),
                Map.entry("bench.cluster.paced.seconds", "0.5"),
                // What a verify may wait for a pooled connection: on a loaded machine a thread can wait past the default
                // 250 ms for its turn at the pool and be answered overloaded; this run proves the parts work, not their speed.
                Map.entry("bench.lease-timeout", "2000"),
                Map.entry("bench.report", report.toString()))::get);

        BenchmarkRun.Results results = BenchmarkRun.run(plan, "FilterBenchmark", System.out::println); // each of its paths once: its stubs must answer what the filter asks

        assertEquals(1, results.cells().size());
        for (Variant variant : Variant.values()) {
            Stats stats = results.cells().get(0).stats().get(variant);
            assertTrue(stats.requests() > 0, variant + " completed no request");
            assertEquals(0, stats.unexpected(), variant + ": " + results.cells().get(0).breakdown().get(variant));
        }
        assertTrue(results.outage().b().count(Report.CIRCUIT_OPEN) > 0, "B's breaker never opened: " + results.outage().b().breakdown());
        assertTrue(results.outage().bAgain().count(Report.CIRCUIT_OPEN) > 0,
                "B's second breaker never opened: " + results.outage().bAgain().breakdown());
        assertTrue(results.outage().a().requests() > 0, "A completed no request in the outage");
        assertTrue(results.outage().c().requests() > 0, "C completed no request in the outage");
        assertEquals(1000, results.memory().verifies());
        assertEquals(0, results.memory().unexpected());
        assertEquals(1000, results.memory().budgets().addresses(), "the client budgets' heap: as many addresses as verifies");
        assertEquals(0, results.memory().budgets().refused(), "each address's first spend");
        assertEquals(List.of("memory saturated", "file journal saturated", "PostgreSQL saturated", "memory paced",
                "file journal paced", "PostgreSQL paced", "PostgreSQL, database down paced"), results.ledger().stream()
                .map(r -> r.store() + " " + r.pace().name().toLowerCase(java.util.Locale.ROOT)).toList());
        assertTrue(results.ledger().stream().allMatch(r -> r.entries() > 0), results.ledger()::toString);
        List<ClusterBenchmark.Cell> cluster = new java.util.ArrayList<>(results.cluster().cells());
        assertEquals(1, cluster.size(), "one cluster cell");
        cluster.add(results.cluster().paced());
        for (ClusterBenchmark.Cell cell : cluster) {
            for (Stats side : List.of(cell.localStats(), cell.clusterStats())) {
                assertTrue(side.requests() > 0, "a cluster side completed no request: " + cell);
                assertEquals(0, side.unexpected(), "cluster part: " + cell);
            }
        }
        // The default burst's node in a cold JVM (no warm-up here): a client whose telling waits in line behind the
        // node's first tellings may be refused for it (client_rate_limited, Retry-After 1 s); nothing else.
        ClusterBenchmark.Cell telling = results.cluster().telling();
        assertEquals(0, telling.localStats().unexpected(), "cluster part: " + telling);
        Sample told = telling.cluster().stream().reduce(Sample.EMPTY, Sample::plus);
        assertTrue(told.count("verified") > 0, "the default burst's node verified nothing: " + telling);
        assertEquals(told.count("status 429"), telling.clusterStats().unexpected(), "cluster part: " + telling);
        assertEquals(32, results.cluster().addresses());
        assertTrue(results.cluster().connections() > 0, "the cluster side's pool opened no connection");
        assertTrue(results.cluster().telling().clusterRoundTripsTotal() > 0,
                "the default burst's node never told the database about a client: " + results.cluster().telling());
        assertEquals(4, results.micro().size(), "every FilterBenchmark method: " + results.micro());
        assertTrue(MetricsOn.collectNow().contains("playtcha.decisions"), "F recorded no decisions");

        assertTrue(Files.isRegularFile(report), "no report at " + report);
        assertTrue(Files.isRegularFile(report.resolveSibling(Report.CHART)), "no chart next to the report");
        String markdown = Files.readString(report);
        assertTrue(markdown.contains("## Targets"));
        assertNotNull(results.took());
    }

    @Test
    void variantB_recordsNoMetrics_andFDoes() throws Exception {
        try (PlaytchaSimulator playtcha = PlaytchaSimulator.builder().start();
                BenchServer server = BenchServer.start(playtcha, Duration.ofMillis(100), null)) {
            long start = MetricsOn.decisionsNow();
            assertEquals("verified", post(server.uri(Variant.F.contextPath), playtcha.mintToken()), "F's first decision");
            // F's filter may count its decision a moment after the client has its reply: a loaded run read the count in
            // between (110, then 111 after B's posts). So the count is awaited each time F decided.
            long before = recorded(start + 1);

            assertEquals("verified", post(server.uri(Variant.B.contextPath), playtcha.mintToken()));
            assertEquals("verified", post(server.uri(Variant.B.outageContextPath()), playtcha.mintToken()));
            assertEquals("verified", post(server.uri(Variant.F.contextPath), playtcha.mintToken()));
            assertEquals(before + 1, recorded(before + 1), "B and its outage filter record nothing; F records each decision");
        }
    }

    /** The decisions recorded so far, once they are at least {@code atLeast} (at most 30 s). */
    private static long recorded(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long now;
        while ((now = MetricsOn.decisionsNow()) < atLeast) {
            assertTrue(System.nanoTime() < deadline, "decisions recorded: " + now + ", awaited " + atLeast);
            Thread.sleep(20); // polling the exporter, not waiting for time to pass
        }
        return now;
    }

    /** One guarded POST with {@code token}; the reply's body. */
    private static String post(URI uri, String token) throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("playtcha-token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        return reply.body();
    }

    /** The profile passes each setting on: one it leaves out would be its default whatever the command line says. */
    @Test
    void theBenchmarkProfile_passesEverySetting() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String key : Plan.DEFAULTS.keySet()) {
            assertTrue(pom.contains("-D" + key + "=${" + key + "}"), "the benchmark profile does not pass " + key);
            assertTrue(pom.contains("<" + key + "/>") || pom.contains("<" + key + ">"), "pom.xml declares no property " + key);
        }
    }

    @Test
    void theDefaultPlan_fitsInHalfAnHour() {
        Plan plan = Plan.from(key -> null);
        assertTrue(plan.estimate().toMinutes() < 30, "estimated " + plan.estimate());
        assertFalse(plan.command().contains("-Dbench."), plan.command());
    }
}
