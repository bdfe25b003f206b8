package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.LedgerStore;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's rules, one pass at a time on a fake clock, re-verifying through the real verifier
 * against the simulator: which answer becomes which outcome, that each entry is reported once,
 * and what the journal and the dead-letter file hold. What every store promises, run against memory,
 * the journal and PostgreSQL alike: {@link LedgerStoreContract}.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class FailOpenLedgerTest {

    /** Collects what the ledger reports. */
    static final class Heard implements PlaytchaListener {
        final List<Reconciliation> reconciled = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void reconciled(Reconciliation reconciliation) {
            reconciled.add(reconciliation);
        }

        /** As the verifier's listeners take an outcome: {@code true}, nothing threw. */
        boolean deliver(Reconciliation reconciliation) {
            reconciled(reconciliation);
            return true;
        }

        Map<String, Outcome> byToken() {
            synchronized (reconciled) {
                return reconciled.stream().collect(Collectors.toMap(r -> r.entry().token(), Reconciliation::outcome));
            }
        }
    }

    private final ManualClock clock = new ManualClock();
    private final Heard heard = new Heard();
    private final List<FailOpenLedger> ledgers = new ArrayList<>();
    private PlaytchaSimulator sim;
    private PlaytchaVerifier verifier;

    @BeforeEach
    void setUp(PlaytchaSimulator sim) {
        this.sim = sim;
        // No test here is about a timeout: on a busy machine a slow post is still a verdict.
        verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(Duration.ofSeconds(10)).breakerEnabled(false).ledgerEnabled(false).ledgerCapacity(1)
                .build());
    }

    @AfterEach
    void tearDown() {
        ledgers.forEach(FailOpenLedger::close);
        verifier.close();
    }

    private FailOpenLedger ledger(Path directory, int capacity) {
        return ledger(directory, capacity, verifier::ask);
    }

    private FailOpenLedger ledger(Path directory, int capacity, Function<String, VerificationResult> verify) {
        return ledger(directory, capacity, verify, () -> false);
    }

    private FailOpenLedger ledger(Path directory, int capacity, Function<String, VerificationResult> verify,
            java.util.function.BooleanSupplier holdOff) {
        LedgerStore store = directory == null ? new MemoryStore() : JournalStore.open(directory, capacity, clock);
        FailOpenLedger ledger = ManualLedgers.over(store, capacity, verify, holdOff, ManualLedgers.asOne(heard::deliver), clock);
        ledgers.add(ledger);
        return ledger;
    }

    private LedgerEntry record(FailOpenLedger ledger, String token) {
        return ledger.record(token, "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();
    }

    @Test
    void eachAnswer_becomesItsOutcome_reportedOnce() {
        FailOpenLedger ledger = ledger(null, 100);
        String good = sim.mintToken();
        String redeemed = sim.mintRedeemedToken();
        String expired = sim.mintExpiredToken();
        String invalid = "not-a-playtcha-token";
        for (String token : List.of(good, redeemed, expired, invalid)) {
            record(ledger, token);
        }

        ledger.pass();
        assertEquals(Map.of(), heard.byToken(), "nothing is tried before its first second");
        clock.advance(Duration.ofSeconds(1));
        ledger.pass();
        ledger.pass();

        assertEquals(Map.of(good, Outcome.CONFIRMED, redeemed, Outcome.AMBIGUOUS, expired, Outcome.EXPIRED,
                invalid, Outcome.REJECTED), heard.byToken());
        assertEquals(4, heard.reconciled.size(), "once each");
        assertEquals(0, ledger.size());
        assertEquals(4, sim.callCount(), "one post per token");
        Reconciliation rejected = heard.reconciled.stream().filter(r -> r.outcome() == Outcome.REJECTED).findFirst().orElseThrow();
        assertEquals("token_invalid", rejected.code());
        assertEquals("/signup", rejected.entry().path());
        assertEquals("203.0.113.7", rejected.entry().remoteAddress());
        assertEquals(VerificationResult.TIMEOUT, rejected.entry().cause());
    }

    @Test
    void whilePlaytchaIsDown_entriesWait_thenAreConfirmedWhenItAnswers() {
        FailOpenLedger ledger = ledger(null, 100);
        List<String> tokens = List.of(sim.mintToken(), sim.mintToken(), sim.mintToken(), sim.mintToken(),
                sim.mintToken(), sim.mintToken());
        tokens.forEach(token -> record(ledger, token));
        sim.inject(Fault.serverError(503, "db_error"));
        clock.advance(Duration.ofSeconds(1));

        ledger.pass();
        assertEquals(FailOpenLedger.PARALLEL, sim.callCount(), "the pass stops after the first batch without a verdict");
        ledger.pass();
        assertEquals(FailOpenLedger.PARALLEL, sim.callCount(), "and waits before it tries again");
        assertTrue(heard.reconciled.isEmpty());
        assertEquals(6, ledger.size());

        sim.clearFaults();
        clock.advance(Duration.ofMillis(FailOpenLedger.FIRST_PAUSE_MILLIS));
        ledger.pass();

        assertEquals(tokens.stream().collect(Collectors.toMap(t -> t, t -> Outcome.CONFIRMED)), heard.byToken());
        assertEquals(0, ledger.size());
    }

    @Test
    void aPoisonToken_backsOffOnItsOwn_whileTheOthersAreConfirmedAsTheyCome() {
        FailOpenLedger ledger = ledger(null, 100);
        String poison = sim.mintToken();
        sim.injectFor(poison, Fault.serverError(500, "db_error"));
        record(ledger, poison);
        List<String> good = new ArrayList<>();
        // Ten seconds of passes every 250 ms, a new fail-open entry every pass.
        for (int tick = 0; tick < 40; tick++) {
            String token = sim.mintToken();
            good.add(token);
            record(ledger, token);
            clock.advance(Duration.ofMillis(250));
            ledger.pass();
        }
        clock.advance(Duration.ofSeconds(2));
        ledger.pass();

        // Without its own back-off the poison token rode along in every batch: about 36 posts.
        // With it: at 1 s, then 0.5, 1, 2 and 4 s after each miss.
        assertTrue(sim.callCount(poison) <= 6, () -> "posts of the poison token: " + sim.callCount(poison));
        Map<String, Outcome> heardNow = heard.byToken();
        good.forEach(token -> assertEquals(Outcome.CONFIRMED, heardNow.get(token), token));
        assertEquals(1, ledger.size(), "only the poison token is still open");
    }

    @Test
    void fourPoisonTokensRecordedFirst_doNotHoldUpTheEntriesBehindThem() {
        FailOpenLedger ledger = ledger(null, 100);
        for (int i = 0; i < FailOpenLedger.PARALLEL; i++) {
            String poison = sim.mintToken();
            sim.injectFor(poison, Fault.serverError(500, "db_error"));
            record(ledger, poison);
        }
        clock.advance(Duration.ofSeconds(1));
        ledger.pass(); // one batch, all poison: no verdict, the ledger pauses
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            good.add(sim.mintToken());
            record(ledger, good.get(i));
        }

        // A minute of passes every 250 ms.
        for (int tick = 0; tick < 240; tick++) {
            clock.advance(Duration.ofMillis(250));
            ledger.pass();
        }

        Map<String, Outcome> heardNow = heard.byToken();
        good.forEach(token -> assertEquals(Outcome.CONFIRMED, heardNow.get(token), token));
        assertEquals(FailOpenLedger.PARALLEL, ledger.size(), "only the poison tokens are still open");
    }

    @Test
    void whileTheBreakerCoolsDown_nothingIsPosted_thenTheEntryIsConfirmed() {
        java.util.concurrent.atomic.AtomicBoolean coolingDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        FailOpenLedger ledger = ledger(null, 100, verifier::ask, coolingDown::get);
        String token = sim.mintToken();
        record(ledger, token);
        clock.advance(Duration.ofSeconds(1));

        ledger.pass();
        assertEquals(0, sim.callCount(), "no post while the breaker cools down");

        coolingDown.set(false);
        ledger.pass();
        assertEquals(Map.of(token, Outcome.CONFIRMED), heard.byToken());
    }

    @Test
    void rateLimited_waitsForRetryAfter_andIsNotAnOutcome() {
        FailOpenLedger ledger = ledger(null, 100);
        String token = sim.mintToken();
        record(ledger, token);
        sim.inject(Fault.reply(429, "application/json",
                "{\"error\":{\"code\":\"rate_limited_ip\",\"message\":\"slow down\"}}").withHeader("Retry-After", "7"));
        clock.advance(Duration.ofSeconds(1));
        ledger.pass();
        sim.clearFaults();
        clock.advance(Duration.ofSeconds(6));
        ledger.pass();
        assertEquals(1, sim.callCount(), "Retry-After is honoured");

        clock.advance(Duration.ofSeconds(1));
        ledger.pass();

        assertEquals(Map.of(token, Outcome.CONFIRMED), heard.byToken());
    }

    /** A Retry-After of an hour would let every waiting token expire unverified: it is honoured up to 60 s. */
    @Test
    void aRetryAfterOfAnHour_pausesTheLedgerOnlyUpToTheCap() {
        FailOpenLedger ledger = ledger(null, 100);
        String token = sim.mintToken();
        record(ledger, token);
        sim.inject(Fault.reply(429, "application/json",
                "{\"error\":{\"code\":\"rate_limited_ip\",\"message\":\"slow down\"}}").withHeader("Retry-After", "3600"));
        clock.advance(Duration.ofSeconds(1));
        ledger.pass();
        sim.clearFaults();
        clock.advance(Duration.ofSeconds(59));
        ledger.pass();
        assertEquals(1, sim.callCount(), "paused for the cap's 60 s");

        clock.advance(Duration.ofSeconds(1));
        ledger.pass();

        assertEquals(2, sim.callCount(), "posted again once the cap ran out, not after the hour");
        assertEquals(Map.of(token, Outcome.CONFIRMED), heard.byToken());
    }

    /** What every store promises about an expired entry: {@code LedgerStoreContract}; here, what the journal does after. */
    @Test
    void theJournal_emptiesOnceNothingIsOpen(@TempDir Path dir) throws Exception {
        FailOpenLedger ledger = ledger(dir, 100);
        record(ledger, sim.mintToken());
        assertTrue(Files.size(dir.resolve(JournalStore.JOURNAL)) > 0);
        clock.advance(FailOpenLedger.TOKEN_LIFETIME);

        ledger.pass();

        assertEquals(1, heard.reconciled.size());
        assertEquals(0, Files.size(dir.resolve(JournalStore.JOURNAL)), "the journal empties once nothing is open");
    }

    @Test
    void full_furtherRequestsAreCounted_inTheDeadLetterFile_notQueued(@TempDir Path dir) throws Exception {
        FailOpenLedger ledger = ledger(dir, 2);
        record(ledger, sim.mintToken());
        record(ledger, sim.mintToken());

        LedgerEntry third = record(ledger, sim.mintToken());
        LedgerEntry fourth = record(ledger, sim.mintToken());
        ledger.pass();

        assertNull(third);
        assertNull(fourth);
        assertEquals(2, ledger.size());
        String dead = Files.readString(dir.resolve(JournalStore.DEAD_LETTER));
        assertTrue(dead.contains("\"unrecorded\":2") && dead.contains("playtcha.ledger.capacity=2"), dead);
        assertTrue(heard.reconciled.isEmpty());
    }

    @Test
    void anEntryBeingDelivered_keepsItsPlace_soARestartReplaysEveryEntryRecorded(@TempDir Path dir) throws Exception {
        LedgerEntry[] recordedMeanwhile = new LedgerEntry[1];
        FailOpenLedger[] full = new FailOpenLedger[1];
        // A request that fails open while the listener hears the one entry of a full ledger.
        full[0] = ManualLedgers.over(JournalStore.open(dir, 1, clock), 1, verifier::ask,
                ManualLedgers.asOne(r -> {
                    recordedMeanwhile[0] = record(full[0], "tok-during-delivery");
                    return heard.deliver(r);
                }), clock);
        ledgers.add(full[0]);
        record(full[0], sim.mintToken());
        clock.advance(Duration.ofSeconds(1));

        full[0].pass();

        assertEquals(1, heard.reconciled.size());
        assertNull(recordedMeanwhile[0], "the entry being delivered still takes the ledger's one place");
        full[0].close();
        ledgers.remove(full[0]);
        FailOpenLedger reopened = ledger(dir, 1);
        assertEquals(0, reopened.size());
        String deadLetters = Files.readString(dir.resolve(JournalStore.DEAD_LETTER));
        assertFalse(deadLetters.contains("passed over at replay"), deadLetters);
        assertTrue(deadLetters.contains("\"unrecorded\":1"), "the request was counted when it came: " + deadLetters);
    }

    @Test
    void answersThatSayNothingAboutTheToken_leaveItWaiting_thenExpired() {
        FailOpenLedger ledger = ledger(null, 100);
        String token = sim.mintToken();
        record(ledger, token);
        sim.inject(Fault.serverError(401, "bad_secret"));
        clock.advance(Duration.ofSeconds(1));
        ledger.pass();
        sim.inject(Fault.html(403)); // a proxy's error page
        clock.advance(Duration.ofSeconds(1));
        ledger.pass();
        assertEquals(2, sim.callCount());
        assertTrue(heard.reconciled.isEmpty(), "a refused secret is not a rejected person");

        clock.advance(FailOpenLedger.TOKEN_LIFETIME);
        ledger.pass();

        assertEquals(Map.of(token, Outcome.EXPIRED), heard.byToken());
    }

    @Test
    void alreadyRedeemed_isRejected_whenOurAttemptNeverLeft_becauseTheBreakerWasOpen() {
        FailOpenLedger ledger = ledger(null, 100);
        String replayed = sim.mintRedeemedToken();
        ledger.record(replayed, "/signup", "203.0.113.7", VerificationResult.CIRCUIT_OPEN).entry();
        clock.advance(Duration.ofSeconds(1));

        ledger.pass();

        assertEquals(Map.of(replayed, Outcome.REJECTED), heard.byToken());
        assertEquals("already_redeemed", heard.reconciled.get(0).code());
    }

    @Test
    void aListenerThatThrowsAnError_doesNotStopTheLedger() {
        // Delivery that throws an Error from application code (a LinkageError after a redeploy), after
        // the listener that records it has heard.
        FailOpenLedger ledger = ManualLedgers.over(new MemoryStore(), 100, verifier::ask,
                ManualLedgers.asOne(r -> {
                    heard.deliver(r);
                    throw new NoClassDefFoundError("com/example/GoneAfterRedeploy");
                }), clock);
        ledgers.add(ledger);
        String first = sim.mintToken();
        record(ledger, first);
        clock.advance(Duration.ofSeconds(1));
        ledger.pass();
        String second = sim.mintToken();
        record(ledger, second);
        clock.advance(Duration.ofSeconds(1));
        ledger.pass();

        assertEquals(java.util.Set.of(first, second), heard.reconciled.stream().map(r -> r.entry().token())
                .collect(Collectors.toSet()), "the second is reconciled although the first one's delivery threw");
        assertTrue(heard.reconciled.stream().allMatch(r -> r.outcome() == Outcome.CONFIRMED));
    }

    @Test
    void afterClose_aRequestIsCounted_notRecorded() {
        FailOpenLedger ledger = ledger(null, 100);
        ledger.close();

        assertNull(record(ledger, sim.mintToken()));
        assertEquals(0, ledger.size());
    }

    @Test
    void anInterruptedRequestThread_doesNotBreakTheJournal(@TempDir Path dir) throws Exception {
        FailOpenLedger ledger = ledger(dir, 100);
        Thread.currentThread().interrupt();
        try {
            record(ledger, sim.mintToken());
        } finally {
            assertTrue(Thread.interrupted(), "the flag is the request's business: left as it was");
        }
        String later = sim.mintToken();
        LedgerEntry entry = record(ledger, later);
        ledger.close();

        String journal = Files.readString(dir.resolve(JournalStore.JOURNAL));
        assertTrue(journal.contains(entry.id()), journal);
        assertEquals(2, ledger(dir, 100).size(), "both survive a restart");
    }

    @Test
    void settledButNotReported_isDeliveredAfterRestart_withTheStoredAnswer_notPostedAgain(@TempDir Path dir) {
        String token = sim.mintToken();
        FailOpenLedger first = ledger(dir, 100);
        LedgerEntry entry = record(first, token);
        first.close();
        // As if the ledger had posted the token and journaled the answer, then the JVM died before
        // the listeners were told: the journal ends with a "settled" line and no "reported" one.
        VerificationResult answer = verifier.ask(token);
        appendSettled(dir, entry, answer);

        FailOpenLedger restarted = ledger(dir, 100);
        restarted.pass();

        assertEquals(Map.of(token, Outcome.CONFIRMED), heard.byToken());
        assertEquals(1, sim.callCount(), "the answer came from the journal, not from a second post (which would be a 409)");
    }

    private static void appendSettled(Path dir, LedgerEntry entry, VerificationResult answer) {
        assertTrue(answer instanceof VerificationResult.Verified, answer::toString);
        String line = "\n{\"op\":\"settled\",\"id\":\"" + entry.id() + "\",\"outcome\":\"CONFIRMED\",\"time\":\""
                + Instant.parse("2026-11-21T08:00:02Z") + "\",\"result\":\"verified\",\"degraded\":false}";
        try {
            Files.writeString(dir.resolve(JournalStore.JOURNAL), line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLineTornByACrash_isSkipped_andTheRestReplayed(@TempDir Path dir) throws Exception {
        FailOpenLedger first = ledger(dir, 100);
        String token = sim.mintToken();
        record(first, token);
        first.close();
        // Our records start with their line break, so a write cut short is a last line of its own.
        Files.writeString(dir.resolve(JournalStore.JOURNAL), "\n{\"op\":\"recorded\",\"id\":\"x\",\"ti",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        FailOpenLedger second = ledger(dir, 100);
        assertEquals(1, second.size());
        assertFalse(Files.readString(dir.resolve(JournalStore.JOURNAL)).contains("\"id\":\"x\""), "the torn line is gone");
        second.pass();
        clock.advance(Duration.ofSeconds(1));
        second.pass();

        assertEquals(Map.of(token, Outcome.CONFIRMED), heard.byToken());
    }

    @Test
    void aListenerThatKeepsFailing_isTriedAgainWithBackOff_thenParkedInTheDeadLetterFile(@TempDir Path dir) throws Exception {
        // As the verifier's listeners answer when one of them threw ("the application's database is down").
        List<Reconciliation> tries = java.util.Collections.synchronizedList(new ArrayList<>());
        FailOpenLedger ledger = ManualLedgers.over(JournalStore.open(dir, 100, clock), 100, verifier::ask,
                ManualLedgers.asOne(r -> !tries.add(r)), clock);
        ledgers.add(ledger);
        LedgerEntry entry = record(ledger, sim.mintToken());
        clock.advance(Duration.ofSeconds(1));
        ledger.pass();
        assertEquals(1, tries.size());

        ledger.pass();
        clock.advance(Duration.ofMillis(Delivery.FIRST_RETRY_MILLIS - 1));
        ledger.pass();
        assertEquals(1, tries.size(), "not again before its back-off");
        for (int attempt = 2; attempt <= Delivery.ATTEMPTS; attempt++) {
            clock.advance(Duration.ofMillis(Delivery.FIRST_RETRY_MILLIS << (attempt - 2)));
            ledger.pass();
            assertEquals(attempt, tries.size(), "attempt " + attempt + " after 1, 2, 4, 8, 16 s");
            assertEquals(attempt < Delivery.ATTEMPTS ? 1 : 0, ledger.size());
        }
        assertTrue(tries.stream().allMatch(r -> r.entry().id().equals(entry.id())), "each time the same entry id");
        String dead = Files.readString(dir.resolve(JournalStore.DEAD_LETTER));
        assertTrue(dead.contains(entry.id()) && dead.contains("\"outcome\":\"confirmed\"") && dead.contains("parked")
                && dead.contains("PlaytchaListener " + ManualLedgers.AsOne.class.getName() + " failed on it 6 time(s)") && !dead.contains(entry.token()), dead);
        clock.advance(Duration.ofMinutes(1));
        ledger.pass();
        assertEquals(Delivery.ATTEMPTS, tries.size(), "parked: never again");
    }

    @Test
    void aDirectoryInUse_failsWithTheKey(@TempDir Path dir) {
        ledger(dir, 100);

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> JournalStore.open(dir, 100, clock));

        assertEquals(Setting.LEDGER_DIRECTORY, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.ledger.directory: '" + dir + "' is in use"), e.getMessage());
    }

    @Test
    void aDirectoryThatCannotBeCreated_failsWithTheKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> JournalStore.open(file.resolve("ledger"), 100, clock));

        assertTrue(e.getMessage().startsWith("playtcha.ledger.directory: '" + file.resolve("ledger") + "' cannot be used"), e.getMessage());
    }

    @Test
    void theJournal_holdsTheTokenButNeverTheSecret(@TempDir Path dir) throws Exception {
        FailOpenLedger ledger = ledger(dir, 100);
        String token = sim.mintToken();
        record(ledger, token);
        clock.advance(FailOpenLedger.TOKEN_LIFETIME);
        String journal = Files.readString(dir.resolve(JournalStore.JOURNAL));
        ledger.pass();

        String dead = Files.readString(dir.resolve(JournalStore.DEAD_LETTER));
        assertTrue(journal.contains(token), journal);
        assertFalse(journal.contains(sim.secret()) || dead.contains(sim.secret()));
        assertFalse(dead.contains(token), "the dead-letter file is for audit: no token");
        assertFalse(heard.reconciled.get(0).entry().toString().contains(token), "toString shows only the token's start");
    }
}
