package com.playtcha.jakarta.cluster.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One token, one pass, cluster-wide: application JVMs ({@link ClaimingChild}) sharing one
 * PostgreSQL ledger while Playtcha is down (503 to every verify), so that every request with a token
 * fails open and claims it. Proven from each node's decisions and reports, and from the table. And one
 * client budget, cluster-wide: the same JVMs, Playtcha up, a client's verifies spread over them.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class ClusterClaimsTest {

    static final long LEASE_MILLIS = 900;
    /** A guard against a node that hangs: beside other builds (load 46) three child JVMs took over 60 s to print READY. */
    static final Duration AWAIT = Duration.ofSeconds(180);

    /** Two nodes: a third would meet the same claim the second meets (the concurrent test below has three). */
    @Test
    void oneToken_postedOnceToEachOfTwoNodes_passesOnce_theOtherAlreadyRedeemed(PlaytchaSimulator sim, @TempDir Path dir)
            throws Exception {
        String db = TestPostgres.get().database();
        sim.inject(Fault.serverError(503, "db_error"));
        List<Node> nodes = Node.start(sim, db, dir, "hold-locally", "a", "b");
        try {
            String token = sim.mintToken();
            List<Decided> decided = new ArrayList<>();
            for (Node n : nodes) {
                decided.addAll(n.post(1, token));
            }
            assertEquals(1, decided.stream().filter(Decided::proceeds).count(), "one pass: " + decided);
            assertEquals(1, decided.stream().filter(d -> !d.proceeds() && d.code().equals("already_redeemed")).count(),
                    "one replay: " + decided);
            assertTrue(decided.stream().noneMatch(Decided::heldLocally), "held for the cluster: " + decided);
            assertEquals(1, count(db, "SELECT count(*) FROM playtcha_ledger"), "one row, one claim");
        } finally {
            Node.killAll(nodes);
        }
    }

    @Test
    void tenConcurrentPostsOnEachOfThreeNodes_passOnce(PlaytchaSimulator sim, @TempDir Path dir) throws Exception {
        String db = TestPostgres.get().database();
        sim.inject(Fault.serverError(503, "db_error"));
        // The default budget, and the child's longest cluster.timeout: with 250 ms, each node's claim got no answer in
        // time beside other builds (load 46) and each held its pass locally, one per node.
        List<Node> nodes = Node.start(sim, db, dir, List.of("hold-locally", "30", "120"), "a", "b", "c");
        try {
            String token = sim.mintToken();
            for (Node n : nodes) {
                n.send("POST 10 " + token); // all three at once
            }
            List<Decided> decided = new ArrayList<>();
            for (Node n : nodes) {
                decided.addAll(n.decisions());
            }
            assertEquals(30, decided.size());
            assertEquals(1, decided.stream().filter(Decided::proceeds).count(), "one pass of 30: " + decided);
            assertEquals(29, decided.stream().filter(d -> d.code().equals("already_redeemed")).count(), decided.toString());
            assertEquals(1, count(db, "SELECT count(*) FROM playtcha_ledger"));
        } finally {
            Node.killAll(nodes);
        }
    }

    /** Two nodes: the survivor both refuses the dead node's token and adopts its entry. */
    @Test
    void aNodeKilledWithClaimsOpen_stillRefusesItsTokensOnTheOther_andItsEntriesAreReconciled(PlaytchaSimulator sim,
            @TempDir Path dir) throws Exception {
        String db = TestPostgres.get().database();
        sim.inject(Fault.serverError(503, "db_error"));
        List<Node> nodes = Node.start(sim, db, dir, "hold-locally", "a", "b");
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        try {
            String token = sim.mintToken();
            Decided passed = a.post(1, token).get(0);
            assertTrue(passed.proceeds() && !passed.ledgerId().equals("-"), passed.toString());
            a.kill();

            Decided replay = b.post(1, token).get(0);
            assertEquals("already_redeemed", replay.code(), "the dead node's claim stands: " + replay);
            assertTrue(!replay.proceeds());
            sim.clearFaults(); // Playtcha is back: b adopts a's entry once a's lease ends, and reconciles it
            String report = null;
            long deadline = System.nanoTime() + AWAIT.toNanos();
            while (report == null && System.nanoTime() < deadline) {
                for (String r : b.reportsFor(Duration.ofMillis(100))) {
                    if (r.startsWith("REPORTED " + passed.ledgerId() + " ")) {
                        report = r;
                    }
                }
            }
            assertEquals("REPORTED " + passed.ledgerId() + " CONFIRMED -", report, "adopted and reconciled");
            // The listener hears the reconciliation as it is made; the row says so once its update commits.
            String reported = "SELECT count(*) FROM playtcha_ledger WHERE state = 'reported' AND token IS NULL AND token_hash IS NOT NULL";
            while (count(db, reported) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // polled: the database tells no one
            }
            assertEquals(1, count(db, reported), "reported, the token erased, its claim kept");
            Decided afterwards = b.post(1, token).get(0);
            assertEquals("already_redeemed", afterwards.code(), "refused still, now by Playtcha or the claim: " + afterwards);
        } finally {
            Node.killAll(nodes);
        }
    }

    @Test
    void databaseAwayToo_holdLocally_passesOncePerNode_andTheDuplicateIsReportedAlreadyRedeemed(PlaytchaSimulator sim,
            @TempDir Path dir) throws Exception {
        String db = TestPostgres.get().database();
        sim.inject(Fault.serverError(503, "db_error"));
        List<Node> nodes = Node.start(sim, db, dir, "hold-locally", "a", "b", "c");
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        Node c = nodes.get(2);
        try {
            a.db("HANG"); // the claim's connection never comes: the request waits playtcha.cluster.timeout (10 s), no longer
            b.db("AWAY"); // refused at once
            String token = sim.mintToken();
            Decided onA = a.post(1, token).get(0);
            Decided onB = b.post(1, token).get(0);
            for (Decided d : List.of(onA, onB)) {
                assertTrue(d.proceeds() && d.heldLocally() && !d.ledgerId().equals("-"), "held on this node only: " + d);
            }
            assertEquals("already_redeemed", a.post(1, token).get(0).code(), "held on a, refused on a");

            a.db("BACK");
            b.db("BACK");
            String rejected = null;
            long deadline = System.nanoTime() + AWAIT.toNanos();
            while (rejected == null && System.nanoTime() < deadline) {
                for (Node n : List.of(a, b)) {
                    for (String r : n.reportsFor(Duration.ofMillis(100))) {
                        rejected = r;
                    }
                }
            }
            assertTrue(rejected != null, "the duplicate is reported");
            String duplicate = rejected.split(" ")[1];
            assertTrue(duplicate.equals(onA.ledgerId()) || duplicate.equals(onB.ledgerId()), rejected);
            // a let the token through before b: a's pass, when it is the duplicate, came first (which pass was the
            // user's cannot be told); b's, when it is, was the replay.
            assertTrue(rejected.endsWith(duplicate.equals(onA.ledgerId()) ? " AMBIGUOUS already_redeemed" : " REJECTED already_redeemed"),
                    "the duplicate: " + rejected);
            String kept = duplicate.equals(onA.ledgerId()) ? onB.ledgerId() : onA.ledgerId();
            assertEquals(1, count(db, "SELECT count(*) FROM playtcha_ledger WHERE id = '" + kept + "'"), "the first holds the claim");
            assertEquals(1, count(db, "SELECT count(*) FROM playtcha_ledger"), "the duplicate has no row");
            assertEquals("already_redeemed", c.post(1, token).get(0).code(), "and every other node refuses the token");
            assertNotEquals(kept, duplicate);
        } finally {
            Node.killAll(nodes);
        }
    }

    @Test
    void databaseAwayToo_refuse_blocksTheRequest(PlaytchaSimulator sim, @TempDir Path dir) throws Exception {
        String db = TestPostgres.get().database();
        sim.inject(Fault.serverError(503, "db_error"));
        List<Node> nodes = Node.start(sim, db, dir, "refuse", "a", "b");
        try {
            nodes.get(0).db("HANG");
            nodes.get(1).db("AWAY");
            for (Node n : nodes) {
                Decided d = n.post(1, sim.mintToken()).get(0);
                assertTrue(!d.proceeds() && d.code().equals("claim_unavailable") && d.ledgerId().equals("-"), d.toString());
            }
            nodes.get(0).db("BACK");
            assertEquals(0, count(db, "SELECT count(*) FROM playtcha_ledger WHERE state = 'open'"),
                    "no row holds a token that was refused");
        } finally {
            Node.killAll(nodes);
        }
    }

    /**
     * Issue 38's budget across separate JVMs: a client spending on three nodes is refused after one
     * budget, plus at most what docs/cluster.md says each node spends from its copy of the client's bucket
     * before telling the others (a tenth of the burst), not after three budgets.
     */
    @Test
    void aClientsBudgetSpentAcrossThreeNodes_isRefusedAfterOneBudget_notThree(PlaytchaSimulator sim, @TempDir Path dir) throws Exception {
        String db = TestPostgres.get().database();
        int burst = 30;
        // 1 a minute: none earned back meanwhile. The child's longest cluster timeout: a busy machine's slow call (past half
        // of the default 250 ms) put a node on its own buckets, and 89 of 90 passed beside another build
        List<Node> nodes = Node.start(sim, db, dir, List.of("hold-locally", Integer.toString(burst), "1"), "a", "b", "c");
        try {
            int passed = 0;
            for (int i = 0; i < 3 * burst; i++) {
                Decided d = nodes.get(i % 3).post(1, sim.mintToken(), "198.51.100.7").get(0);
                if (d.proceeds()) {
                    passed++;
                } else {
                    assertEquals("client_rate_limited", d.code(), d.toString());
                }
            }
            int overshoot = 3 * Math.max(1, burst / 10);
            assertTrue(passed >= burst && passed <= burst + overshoot, "passed " + passed + " of " + 3 * burst + ": one budget of "
                    + burst + " and at most " + overshoot + " spent before the others heard, not " + 3 * burst);
            assertEquals(1, count(db, "SELECT count(*) FROM playtcha_client_budget"), "one row: the client's, by a hash of its address");
            Decided another = nodes.get(1).post(1, sim.mintToken(), "198.51.100.8").get(0);
            assertTrue(another.proceeds(), "another client has its own budget: " + another);
            System.out.println("ClusterClaimsTest: a client's budget of " + burst + " across three JVMs let " + passed + " of "
                    + 3 * burst + " through");
        } finally {
            Node.killAll(nodes);
        }
    }

    private static long count(String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** One {@code DECIDED} line. */
    record Decided(boolean proceeds, String code, boolean heldLocally, String ledgerId) {
        static Decided of(String line) {
            String[] w = line.split(" ");
            return new Decided(Boolean.parseBoolean(w[1]), w[2], Boolean.parseBoolean(w[3]), w[4]);
        }
    }

    /** A child JVM: its decisions, and its reports as they come. */
    private static final class Node {
        private static final String EOF = "\u0000EOF";
        private final Process process;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();
        private final Path stderr;

        private Node(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            Thread reader = new Thread(this::read, "claiming-node");
            reader.setDaemon(true);
            reader.start();
        }

        static List<Node> start(PlaytchaSimulator sim, String db, Path dir, String claimUnavailable, String... names)
                throws Exception {
            return start(sim, db, dir, List.of(claimUnavailable), names);
        }

        /**
     * @param settings the child's arguments after the lease: claim-unavailable, then optionally burst and per-minute, then
     *                 the cluster timeout (else the longest)
     */
        static List<Node> start(PlaytchaSimulator sim, String db, Path dir, List<String> settings, String... names) throws Exception {
            List<Node> nodes = new ArrayList<>();
            for (String name : names) {
                Path stderr = dir.resolve("node-" + name + ".err");
                List<String> command = ChildJava.command(ClaimingChild.class,
                        sim.url().toString(), sim.secret(), db, Long.toString(LEASE_MILLIS));
                command.addAll(settings);
                Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
                nodes.add(new Node(p, stderr));
            }
            for (Node n : nodes) {
                n.expect("READY");
            }
            return nodes;
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    (line.startsWith("REPORTED ") ? reports : answers).add(line);
                }
            } catch (IOException e) {
                answers.add("READ FAILED " + e);
            } finally {
                answers.add(EOF);
            }
        }

        void send(String command) throws IOException {
            process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        private String answer() throws Exception {
            String line = answers.poll(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(EOF)) {
                throw new AssertionError("the node printed nothing more; its stderr:\n" + Files.readString(stderr));
            }
            return line;
        }

        void expect(String line) throws Exception {
            assertEquals(line, answer());
        }

        void db(String state) throws Exception {
            send("DB " + state);
            expect("DB " + state);
        }

        List<Decided> post(int n, String token) throws Exception {
            send("POST " + n + " " + token);
            return decisions();
        }

        /** {@code n} verifies of the token from this client address, which spends from its budget. */
        List<Decided> post(int n, String token, String client) throws Exception {
            send("POST " + n + " " + token + " " + client);
            return decisions();
        }

        /** The decisions of the last {@code POST}, up to its {@code DONE}. */
        List<Decided> decisions() throws Exception {
            List<Decided> decided = new ArrayList<>();
            for (String line = answer(); !line.equals("DONE"); line = answer()) {
                assertTrue(line.startsWith("DECIDED "), line);
                decided.add(Decided.of(line));
            }
            return decided;
        }

        /** The reports printed so far, waiting up to {@code wait} for the first. */
        List<String> reportsFor(Duration wait) throws Exception {
            List<String> lines = new ArrayList<>();
            for (String line = reports.poll(wait.toMillis(), TimeUnit.MILLISECONDS); line != null; line = reports.poll()) {
                lines.add(line);
            }
            return lines;
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.toHandle().destroyForcibly();
                assertTrue(process.waitFor(AWAIT.toSeconds(), TimeUnit.SECONDS), "the node dies");
            }
        }

        static void killAll(List<Node> nodes) throws InterruptedException {
            for (Node n : nodes) {
                n.kill();
            }
        }
    }
}
