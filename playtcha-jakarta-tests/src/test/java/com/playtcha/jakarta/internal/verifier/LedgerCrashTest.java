package com.playtcha.jakarta.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.testing.RecordedCall;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable ledger killed with SIGKILL while it is busy reconciling, again and again, against its
 * promise in {@link PlaytchaListener}: each entry is reported exactly once across restarts, except
 * that an entry whose listener returned just before the JVM died (its {@code reported} line not yet
 * written) is reported once more, with the same outcome.
 *
 * <p>A child JVM ({@link LedgerCrashChild}) fails open on {@value #TOKENS} tokens during an outage,
 * its circuit breaker on as by default (so most entries' cause is {@code circuit_open}, a few
 * {@code db_error}).
 * Then Playtcha answers again, each reply {@value #REPLY_DELAY_MILLIS} ms late so that posts are in
 * flight when the kill comes, and the child is killed after it printed a few {@code REPORTED} lines
 * (a different count each round); a new child on the same directory replays the journal and goes on,
 * and is killed in turn. A last verifier, in this JVM, reports what is left; one more restart finds
 * nothing. Proven from the children's own output and the simulator's record of posts:
 * <ul>
 * <li>every recorded entry is reported, and never with two outcomes;</li>
 * <li>an entry reported twice was, the first time, the last line its killed child printed (the only
 *     point where the listener has returned and the {@code reported} line may be missing: listeners
 *     run one at a time, and the next starts only after that line);</li>
 * <li>the outcome is what the posts say: {@code confirmed} when the one post that redeemed the token
 *     was answered to the ledger; {@code ambiguous} when a later post met {@code already_redeemed}.
 *     Here that happens only when a child was killed after its post redeemed the token and before
 *     the verdict was journaled (or, on a stalled machine, when a reply came too late): the ledger's
 *     own post spent the token, so the ledger cannot call it a replay, whatever the entry's cause.</li>
 * </ul>
 * The second test puts one kill exactly in that last window, for an entry whose outage verify met the
 * open breaker ({@code circuit_open}). The third checks the harness: what a child printed before
 * the kill is still read after it.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class LedgerCrashTest {

    static final int TOKENS = 60;
    /** How many REPORTED lines to read from each child before killing it; the last verifier is not killed. */
    static final int[] KILL_AFTER = {5, 13, 8, 11};
    static final long REPLY_DELAY_MILLIS = 25;
    static final Duration AWAIT = Duration.ofSeconds(60); // a child JVM's start beside other builds took over 15 s
    static final int BREAKER_FAILURES = 1;

    @Test
    void killedWhileReconciling_eachEntryReportedOnce_exceptTheLastOneAKilledChildPrinted(PlaytchaSimulator sim,
            @TempDir Path dir) throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            tokens.add(sim.mintToken());
        }
        Path tokenFile = Files.write(dir.resolve("tokens.txt"), tokens);
        Path ledger = dir.resolve("ledger");
        Map<String, String> tokenById = new LinkedHashMap<>();
        Map<String, String> causeById = new HashMap<>();
        List<Round> rounds = new ArrayList<>();
        Set<String> reported = new HashSet<>();

        for (int round = 0; round < KILL_AFTER.length; round++) {
            Child child = Child.start(sim, ledger, round == 0 ? tokenFile : null, 1_000, BREAKER_FAILURES, dir, round);
            for (String line : child.untilReady()) {
                String[] parts = line.split(" ");
                assertTrue(parts.length == 4 && parts[0].equals("RECORDED") && !parts[1].equals("none"), line);
                tokenById.put(parts[1], parts[2]);
                causeById.put(parts[1], parts[3]);
            }
            if (round == 0) {
                assertEquals(TOKENS, tokenById.size(), "each request that failed open is recorded");
                sim.inject(Fault.delay(Duration.ofMillis(REPLY_DELAY_MILLIS))); // the outage is over
            }
            child.send("GO");
            int killAfter = KILL_AFTER[round];
            List<Report> before = child.reportsUntil(r -> r.size() >= killAfter
                    || reported.size() + newIds(r, reported) >= tokenById.size());
            List<Report> all = new ArrayList<>(before);
            all.addAll(child.kill());
            rounds.add(new Round(round, true, killAfter, before.size(), all));
            all.forEach(r -> reported.add(r.id()));
        }

        Tally last = new Tally();
        PlaytchaSettings settings = settings(sim, ledger);
        try (TestVerifiers.Ticks ticks = new TestVerifiers.Ticks();
                ComposedVerifier verifier = TestVerifiers.of(settings).listeners(last).ledgerExecutor(ticks).build()) {
            long deadline = System.nanoTime() + AWAIT.toNanos();
            while (verifier.status().ledgerOpen() > 0 && System.nanoTime() < deadline) {
                ticks.passNow();
            }
            assertEquals(0, verifier.status().ledgerOpen(), "the last verifier reports everything left");
        }
        rounds.add(new Round(rounds.size(), false, 0, last.reports.size(), List.copyOf(last.reports)));
        Tally after = new Tally();
        try (TestVerifiers.Ticks ticks = new TestVerifiers.Ticks();
                ComposedVerifier again = TestVerifiers.of(settings).listeners(after).ledgerExecutor(ticks).build()) {
            assertEquals(0, again.status().ledgerOpen(), "a restart after everything was reported finds nothing");
            ticks.passNow();
        }
        assertEquals(List.of(), after.reports, "nothing is reported again");
        assertEquals("", Files.readString(ledger.resolve("playtcha-ledger.jsonl")));

        String story = story(rounds, sim, tokenById, causeById);
        System.out.println(story);
        assertAll(() -> assertExactlyOnceButForTheLastLineBeforeAKill(rounds, tokenById.keySet(), story),
                () -> assertOutcomesMatchThePosts(rounds, sim, tokenById, causeById, story));
    }

    /**
     * A kill after the ledger's post redeemed the token and before its verdict was journaled. The
     * entry's own outage verify met the open breaker ({@code circuit_open}), and the design calls an
     * {@code already_redeemed} for such an entry a replay (rejected) because "our attempt never left".
     * But the ledger's own attempt did leave, and spent the token: the restart must say ambiguous.
     */
    @Test
    void killedBetweenPostAndVerdict_isAmbiguous_evenWhenTheOutageMetTheOpenBreaker(PlaytchaSimulator sim,
            @TempDir Path dir) throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        String token = sim.mintToken();
        Path tokenFile = Files.write(dir.resolve("tokens.txt"), List.of(token + " " + VerificationResult.CIRCUIT_OPEN));
        Path ledger = dir.resolve("ledger");
        Child child = Child.start(sim, ledger, tokenFile, 10_000, 1, dir, 0);
        List<String> recorded = child.untilReady();
        assertEquals(1, recorded.size(), recorded::toString);
        String[] parts = recorded.get(0).split(" ");
        assertEquals(List.of("RECORDED", token, VerificationResult.CIRCUIT_OPEN), List.of(parts[0], parts[2], parts[3]));
        String id = parts[1];
        int outagePosts = sim.callCount(token);
        assertTrue(outagePosts >= 1, "the outage's post, then the open breaker");

        // Playtcha is back but slow: it redeems the token at once and answers after the kill.
        sim.inject(Fault.delay(Duration.ofSeconds(30)));
        child.send("GO");
        assertTrue(sim.awaitCallCount(token, outagePosts + 1, AWAIT), "the ledger posted the token once Playtcha was back");
        assertEquals(outagePosts + 1, sim.callCount(token));
        assertEquals(List.of(), child.kill(), "killed before the verdict came");

        sim.clearFaults();
        Tally tally = new Tally();
        try (TestVerifiers.Ticks ticks = new TestVerifiers.Ticks();
                ComposedVerifier restarted = TestVerifiers.of(settings(sim, ledger)).listeners(tally).ledgerExecutor(ticks).build()) {
            assertEquals(1, restarted.status().ledgerOpen());
            ticks.passNow();
        }
        assertEquals(1, tally.reports.size(), tally.reports::toString);
        assertEquals(id, tally.reports.get(0).id());
        List<Integer> statuses = statuses(sim, token);
        assertEquals(List.of(200, 409), statuses.subList(outagePosts, statuses.size()),
                "redeemed by the killed child's post, refused to the restart's");
        assertEquals(Outcome.AMBIGUOUS, tally.reports.get(0).outcome(),
                "the token was spent by the ledger's own post, not by a replay");
    }

    /**
     * The harness: a line the child printed before the kill is read after it, although nothing had
     * read it yet. With {@link Process#destroyForcibly()} it was lost now and then (the JDK closes our
     * end of the pipe as it kills): the first test then failed once in tens of runs, an entry
     * reported by its child (its listener returned, its journal line {@code reported} written) looking
     * as if nobody ever reported it.
     */
    @Test
    void aLineTheChildPrintedBeforeTheKill_isStillReadAfterIt(PlaytchaSimulator sim, @TempDir Path dir) throws Exception {
        Process process = Child.launch(sim, dir.resolve("ledger"), null, 1_000, BREAKER_FAILURES, dir.resolve("child.err"));
        InputStream out = process.getInputStream();
        int ready = (LedgerCrashChild.READY + "\n").length();
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (out.available() < ready) { // printed, and nothing here has read it
            assertTrue(System.nanoTime() < deadline, () -> "READY within " + AWAIT.toSeconds() + "s");
            Thread.sleep(10);
        }
        Child.killForcibly(process);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            assertEquals(LedgerCrashChild.READY, lines.readLine());
            assertNull(lines.readLine());
        }
    }

    // --- the checks ---

    private static void assertExactlyOnceButForTheLastLineBeforeAKill(List<Round> rounds, Set<String> ids, String story) {
        Map<String, List<Report>> byId = new LinkedHashMap<>();
        rounds.forEach(round -> round.reports().forEach(r -> byId.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r)));
        assertEquals(ids, byId.keySet(), () -> "every recorded entry is reported, and only those\n" + story);
        byId.forEach((id, reports) -> {
            assertEquals(1, reports.stream().map(Report::outcome).distinct().count(),
                    () -> "one outcome per entry: " + id + " " + reports + "\n" + story);
            for (Report earlier : reports.subList(0, reports.size() - 1)) {
                Round round = rounds.get(earlier.round());
                assertTrue(round.killed() && round.lastReport().map(earlier::equals).orElse(false),
                        () -> "reported again although its earlier report was not the last line of a killed child: "
                                + id + " " + reports + "\n" + story);
            }
        });
    }

    /**
     * Each token is redeemed by exactly one post (200); a later post (409) can only come from a
     * restart that never learned the first post's verdict, so the entry must be ambiguous.
     */
    private static void assertOutcomesMatchThePosts(List<Round> rounds, PlaytchaSimulator sim, Map<String, String> tokenById,
            Map<String, String> causeById, String story) {
        Map<String, Outcome> outcomeById = new HashMap<>();
        rounds.forEach(round -> round.reports().forEach(r -> outcomeById.put(r.id(), r.outcome())));
        List<String> wrong = new ArrayList<>();
        tokenById.forEach((id, token) -> {
            List<Integer> statuses = statuses(sim, token);
            assertEquals(1, Collections.frequency(statuses, 200), () -> "redeemed once: " + token + " " + statuses);
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409 || s == 503), statuses::toString);
            Outcome expected = statuses.contains(409) ? Outcome.AMBIGUOUS : Outcome.CONFIRMED;
            if (outcomeById.get(id) != expected) {
                wrong.add(id + " cause=" + causeById.get(id) + " posts=" + statuses + " reported=" + outcomeById.get(id)
                        + " expected=" + expected);
            }
        });
        assertEquals(List.of(), wrong, () -> "outcomes that the posts contradict\n" + story);
    }

    private static List<Integer> statuses(PlaytchaSimulator sim, String token) {
        return sim.calls().stream().filter(c -> token.equals(c.token())).map(RecordedCall::status).toList();
    }

    private static long newIds(List<Report> reports, Set<String> seen) {
        return reports.stream().map(Report::id).filter(id -> !seen.contains(id)).distinct().count();
    }

    /** What happened, round by round, for the test report and any failure message. */
    private static String story(List<Round> rounds, PlaytchaSimulator sim, Map<String, String> tokenById,
            Map<String, String> causeById) {
        StringBuilder out = new StringBuilder("LedgerCrashTest rounds:\n");
        Map<String, Integer> seen = new HashMap<>();
        for (Round round : rounds) {
            long again = round.reports().stream().filter(r -> seen.merge(r.id(), 1, Integer::sum) > 1).count();
            out.append(round.killed()
                    ? String.format("  round %d: killed after reading %d REPORTED lines; %d printed in all; %d reported again%n",
                            round.index(), round.readBeforeKill(), round.reports().size(), again)
                    : String.format("  round %d: the last verifier, in this JVM: %d reported; %d reported again%n",
                            round.index(), round.reports().size(), again));
        }
        long reposted = tokenById.values().stream().filter(t -> statuses(sim, t).contains(409)).count();
        long breakerOpen = causeById.values().stream().filter(VerificationResult.CIRCUIT_OPEN::equals).count();
        out.append(String.format("  %d entries (%d circuit_open, %d db_error); %d posted again after a kill between post and verdict",
                tokenById.size(), breakerOpen, tokenById.size() - breakerOpen, reposted));
        return out.toString();
    }

    static PlaytchaSettings settings(PlaytchaSimulator sim, Path ledger) {
        return PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(Duration.ofSeconds(1))
                .breaker(new PlaytchaSettings.Breaker(true, BREAKER_FAILURES, Duration.ofMillis(300), 1))
                .ledgerDirectory(ledger)
                .build();
    }

    // --- the pieces ---

    /** One REPORTED line: the listener returned for this entry with this outcome, in this round. */
    record Report(int round, int line, String id, Outcome outcome) {
    }

    record Round(int index, boolean killed, int killAfter, int readBeforeKill, List<Report> reports) {
        Optional<Report> lastReport() {
            return reports.isEmpty() ? Optional.empty() : Optional.of(reports.get(reports.size() - 1));
        }
    }

    /** The in-process listener of the last verifier, in the same terms as a child's lines. */
    private static final class Tally implements PlaytchaListener {
        final List<Report> reports = Collections.synchronizedList(new ArrayList<>());
        private final int round = KILL_AFTER.length;

        @Override
        public void reconciled(Reconciliation r) {
            reports.add(new Report(round, reports.size(), r.entry().id(), r.outcome()));
        }
    }

    /** A child JVM and its stdout, read line by line on a thread of its own into a queue. */
    private static final class Child {
        private static final String EOF = "\u0000EOF";

        private final Process process;
        private final int round;
        private final Path stderr;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private int reportLines;

        private Child(Process process, int round, Path stderr) {
            this.process = process;
            this.round = round;
            this.stderr = stderr;
            Thread reader = new Thread(this::read, "ledger-crash-child-" + round);
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(PlaytchaSimulator sim, Path ledger, Path tokens, long timeoutMillis, int breakerFailures, Path dir,
                int round) throws IOException {
            Path stderr = dir.resolve("child-" + round + ".err");
            return new Child(launch(sim, ledger, tokens, timeoutMillis, breakerFailures, stderr), round, stderr);
        }

        static Process launch(PlaytchaSimulator sim, Path ledger, Path tokens, long timeoutMillis, int breakerFailures,
                Path stderr) throws IOException {
            return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", // starts faster; the child does little work
                    "-cp", System.getProperty("java.class.path"), LedgerCrashChild.class.getName(),
                    sim.url().toString(), sim.secret(), ledger.toString(), tokens == null ? "-" : tokens.toString(),
                    Long.toString(timeoutMillis), Integer.toString(breakerFailures))
                    .redirectError(stderr.toFile())
                    .start();
        }

        /**
         * SIGKILL through the {@link ProcessHandle}, which only sends the signal. Not
         * {@link Process#destroyForcibly()}: the JDK's {@code Process} also closes its end of the
         * child's stdout there, so whatever the child printed and we had not read yet is gone (our
         * reader gets "Stream closed"). A REPORTED line lost that way made an entry look as if no
         * child ever reported it, although its listener had returned and its journal said reported.
         */
        static void killForcibly(Process process) throws InterruptedException {
            assertTrue(process.toHandle().destroyForcibly(), "SIGKILL sent");
            assertTrue(process.waitFor(AWAIT.toSeconds(), TimeUnit.SECONDS), "the child dies");
            assertEquals(137, process.exitValue(), "killed by SIGKILL (128 + 9)");
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
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** The RECORDED lines, up to READY. */
        List<String> untilReady() throws Exception {
            List<String> recorded = new ArrayList<>();
            for (String line = nextOrFail(); !line.equals(LedgerCrashChild.READY); line = nextOrFail()) {
                recorded.add(line);
            }
            return recorded;
        }

        /** Reads REPORTED lines until {@code enough} holds for those read so far. */
        List<Report> reportsUntil(Predicate<List<Report>> enough) throws Exception {
            List<Report> reports = new ArrayList<>();
            while (!enough.test(reports)) {
                String line = nextOrFail();
                reports.add(report(line).orElseThrow(() -> new AssertionError("not a REPORTED line: " + line)));
            }
            return reports;
        }

        /**
         * SIGKILL (no shutdown hook, no close), then the REPORTED lines it printed before it died: all
         * of them, read to the end of its output ({@link #killForcibly}).
         */
        List<Report> kill() throws Exception {
            killForcibly(process);
            List<Report> rest = new ArrayList<>();
            for (String line = next(); line != null; line = next()) {
                Optional<Report> report = report(line);
                if (report.isPresent()) {
                    rest.add(report.get());
                } else {
                    String torn = line;
                    assertTrue(torn.startsWith("REPORTED") || "REPORTED".startsWith(torn),
                            () -> "round " + round + ": not a REPORTED line, nor one cut short by the kill: " + torn);
                    assertNull(next(), () -> "only the very last line may be cut short by the kill: " + torn);
                    break;
                }
            }
            return rest;
        }

        private String nextOrFail() throws Exception {
            String line = next();
            if (line == null) {
                throw new AssertionError("round " + round + ": the child ended early (exit " + process.waitFor()
                        + "); its stderr:\n" + stderrText());
            }
            return line;
        }

        /** The next line, or {@code null} at the end of the output. */
        private String next() throws Exception {
            String line = lines.poll(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("round " + round + ": no line from the child within " + AWAIT.toSeconds()
                        + "s; its stderr:\n" + stderrText());
            }
            if (line.equals(EOF)) {
                lines.add(EOF); // stays at the end for any later read
                return null;
            }
            return line;
        }

        private Optional<Report> report(String line) {
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[0].equals("REPORTED")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Report(round, reportLines++, parts[1], Outcome.valueOf(parts[2])));
            } catch (IllegalArgumentException torn) {
                return Optional.empty();
            }
        }

        private String stderrText() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
