package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several application JVMs ({@link SharedLedgerChild}) on one PostgreSQL database, as the nodes of a
 * cluster: they share the fail-open entries, take over those of a node that stopped or was killed
 * with SIGKILL, and report each entry once across the cluster. Proven from what each node's
 * listener printed and from the table. The lease is {@value #LEASE_MILLIS} ms, so that a killed
 * node's entries are taken over within about a second.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class SharedLedgerTest {

    static final long LEASE_MILLIS = 900;
    /** A guard against a node that hangs: beside other builds (load 46) three child JVMs took over 60 s to print READY. */
    static final Duration AWAIT = Duration.ofSeconds(180);
    private static final String REPORTED = "SELECT count(*) FROM playtcha_ledger WHERE state = 'reported'";

    @Test
    void threeNodes_reconcile1000Entries_eachReportedExactlyOnce(PlaytchaSimulator sim, @TempDir Path dir) throws Exception {
        String db = TestPostgres.get().database();
        sim.inject(Fault.serverError(503, "db_error"));
        Path tokens = tokens(sim, dir, 1_000);
        Node a = Node.start(sim, db, tokens, dir, "a");
        Node b = Node.start(sim, db, null, dir, "b");
        Node c = Node.start(sim, db, null, dir, "c");
        try {
            Set<String> recorded = new HashSet<>(a.untilReady());
            b.untilReady();
            c.untilReady();
            assertEquals(1_000, recorded.size(), "every request that failed open is recorded");

            sim.clearFaults(); // Playtcha is back; node a is shut down soon after, its open entries given up
            a.send("CLOSE");
            List<String> reports = new ArrayList<>(a.reportsUntilClosed());
            int byA = reports.size();
            long deadline = System.nanoTime() + AWAIT.toNanos();
            while (reports.size() < recorded.size() && System.nanoTime() < deadline) {
                reports.addAll(b.reportsFor(Duration.ofMillis(100)));
                reports.addAll(c.reportsFor(Duration.ofMillis(100)));
            }
            Map<String, Integer> times = count(reports);
            assertEquals(recorded, times.keySet(), "every entry is reported");
            assertEquals(Set.of(), duplicates(times), "and none twice");
            assertTrue(b.reported > 0 && c.reported > 0, "b and c shared node a's entries: a " + byA + ", b " + b.reported
                    + ", c " + c.reported);
            assertEquals(1_000, count(db, "SELECT count(*) FROM playtcha_ledger WHERE state = 'reported' AND token IS NULL"));
            System.out.println("SharedLedgerTest: 1000 entries reported by a " + byA + ", b " + b.reported + ", c " + c.reported);
        } finally {
            a.kill();
            b.kill();
            c.kill();
        }
    }

    @Test
    void aNodeKilledWithSigkill_midReconciliation_hasItsEntriesTakenOverByAnother(PlaytchaSimulator sim, @TempDir Path dir)
            throws Exception {
        String db = TestPostgres.get().database();
        sim.inject(Fault.serverError(503, "db_error"));
        Path tokens = tokens(sim, dir, 200);
        Node a = Node.start(sim, db, tokens, dir, "a");
        Node b = Node.start(sim, db, null, dir, "b");
        try {
            Set<String> recorded = new HashSet<>(a.untilReady());
            b.untilReady();
            sim.inject(Fault.delay(Duration.ofMillis(20))); // back, slowly: posts are in flight when the kill comes

            List<String> byA = a.reportsUntil(30);
            a.kill();
            byA.addAll(a.drain());
            assertTrue(byA.size() < recorded.size(), "killed mid-reconciliation, " + byA.size() + " reported");
            List<String> reports = new ArrayList<>(byA);
            long deadline = System.nanoTime() + AWAIT.toNanos();
            // Until every entry is reported and committed: an entry node a reported but died before committing is
            // reported already, and b reports and commits it again once a's claim on it has lapsed.
            while ((!count(reports).keySet().containsAll(recorded) || count(db, REPORTED) < recorded.size())
                    && System.nanoTime() < deadline) {
                reports.addAll(b.reportsFor(Duration.ofMillis(200)));
            }
            Map<String, Integer> times = count(reports);
            assertEquals(recorded, times.keySet(), "every entry is reported, those node a left by node b");
            assertTrue(b.reported >= recorded.size() - byA.size(), "b took over what a had not reported");
            // The one window: a's listener returned (its line printed) and the kill came before the commit.
            Set<String> twice = duplicates(times);
            assertTrue(twice.isEmpty() || twice.equals(Set.of(byA.get(byA.size() - 1))),
                    "reported twice only the last entry node a printed before it died: " + twice);
            assertEquals(recorded.size(), count(db, REPORTED));
            System.out.println("SharedLedgerTest: a reported " + byA.size() + " before SIGKILL, b " + b.reported
                    + " after; reported twice: " + twice);
        } finally {
            a.kill();
            b.kill();
        }
    }

    private static Path tokens(PlaytchaSimulator sim, Path dir, int n) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(sim.mintToken());
        }
        return Files.write(dir.resolve("tokens.txt"), tokens);
    }

    private static Map<String, Integer> count(List<String> ids) {
        Map<String, Integer> times = new HashMap<>();
        ids.forEach(id -> times.merge(id, 1, Integer::sum));
        return times;
    }

    private static Set<String> duplicates(Map<String, Integer> times) {
        Set<String> twice = new HashSet<>();
        times.forEach((id, n) -> {
            if (n > 1) {
                twice.add(id);
            }
        });
        return twice;
    }

    private static long count(String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A child JVM and the lines it printed. */
    private static final class Node {
        private static final String EOF = "\u0000EOF";
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Path stderr;
        int reported;

        private Node(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(this::read, "shared-ledger-node");
            reader.setDaemon(true);
            reader.start();
        }

        static Node start(PlaytchaSimulator sim, String db, Path tokens, Path dir, String name) throws IOException {
            Path stderr = dir.resolve("node-" + name + ".err");
            Process p = new ProcessBuilder(ChildJava.command(SharedLedgerChild.class,
                    sim.url().toString(), sim.secret(), db, tokens == null ? "-" : tokens.toString(), Long.toString(LEASE_MILLIS)))
                    .redirectError(stderr.toFile()).start();
            return new Node(p, stderr);
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            } finally {
                lines.add(EOF);
            }
        }

        void send(String command) throws IOException {
            process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        private String next(Duration wait) throws Exception {
            String line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (EOF.equals(line)) {
                lines.add(EOF);
                return null;
            }
            return line;
        }

        private String nextOrFail() throws Exception {
            String line = next(AWAIT);
            if (line == null) {
                throw new AssertionError("the node printed nothing more; its stderr:\n" + Files.readString(stderr));
            }
            return line;
        }

        /** The ids it recorded, up to READY. */
        List<String> untilReady() throws Exception {
            List<String> ids = new ArrayList<>();
            for (String line = nextOrFail(); !line.equals("READY"); line = nextOrFail()) {
                assertTrue(line.startsWith("RECORDED ") && !line.startsWith("RECORDED none"), line);
                ids.add(line.substring("RECORDED ".length()));
            }
            return ids;
        }

        private String id(String line) {
            assertTrue(line.startsWith("REPORTED "), line);
            reported++;
            return line.split(" ")[1];
        }

        List<String> reportsUntil(int n) throws Exception {
            List<String> ids = new ArrayList<>();
            while (ids.size() < n) {
                ids.add(id(nextOrFail()));
            }
            return ids;
        }

        List<String> reportsUntilClosed() throws Exception {
            List<String> ids = new ArrayList<>();
            for (String line = nextOrFail(); !line.equals("CLOSED"); line = nextOrFail()) {
                ids.add(id(line));
            }
            return ids;
        }

        /** The REPORTED lines printed within {@code wait}. */
        List<String> reportsFor(Duration wait) throws Exception {
            List<String> ids = new ArrayList<>();
            for (String line = next(wait); line != null; line = lines.poll()) {
                if (EOF.equals(line)) {
                    lines.add(EOF);
                    break;
                }
                ids.add(id(line));
            }
            return ids;
        }

        /** After a kill: what it printed before it died. */
        List<String> drain() throws Exception {
            List<String> ids = new ArrayList<>();
            for (String line = next(AWAIT); line != null; line = next(AWAIT)) {
                ids.add(id(line));
            }
            return ids;
        }

        /** SIGKILL through the process handle, which only sends the signal (what it printed stays readable). */
        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.toHandle().destroyForcibly();
                assertTrue(process.waitFor(AWAIT.toSeconds(), TimeUnit.SECONDS), "the node dies");
            }
        }
    }
}
