package com.playtcha.jakarta.internal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger's files against a directory that is not to be trusted, on the real file system: links
 * and special files under the ledger's names, a directory others may write, a journal too large to
 * be the ledger's own, a line too long to be one, entries with hostile lengths, and a disk that is
 * full ({@code /dev/full}, opened by the test and handed to the journal through its
 * {@link LedgerDirectory.Storage}).
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class LedgerJournalTest {

    /** The longest token the verifier accepts (longer is {@code malformed_token}, never an entry). */
    private static final int MAX_TOKEN_LENGTH = 8192;
    private static final String OUTSIDE = "a file that is not the ledger's\n";

    private final ManualClock clock = new ManualClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final LogCapture log = new LogCapture();
    private PlaytchaSimulator sim;
    private PlaytchaVerifier verifier;

    @BeforeEach
    void setUp(PlaytchaSimulator sim) {
        this.sim = sim;
        // No test here is about a timeout: on a busy machine a slow post is still a verdict.
        verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url())
                .timeout(Duration.ofSeconds(10)).breakerEnabled(false).ledgerEnabled(false).ledgerCapacity(1).build());
        log.install();
    }

    @AfterEach
    void tearDown() throws Exception {
        log.uninstall();
        for (AutoCloseable c : toClose) {
            c.close();
        }
        verifier.close();
    }

    private FailOpenLedger ledger(JournalStore journal, int capacity) {
        FailOpenLedger ledger = ManualLedgers.over(journal, capacity, verifier::ask, clock);
        toClose.add(ledger);
        return ledger;
    }

    private FailOpenLedger ledger(Path dir) {
        return ledger(JournalStore.open(dir, 100, clock), 100);
    }

    /** An entry as the journal writes it, for journals the test makes by hand. */
    private static String recordedLine(String id) {
        return "\n{\"op\":\"recorded\",\"id\":\"" + id + "\",\"time\":\"2026-11-21T08:00:00Z\",\"token\":\"tok-" + id
                + "\",\"path\":\"/signup\",\"remote\":\"203.0.113.7\",\"cause\":\"timeout\"}";
    }

    private static Path outside(Path dir) throws IOException {
        Path target = dir.resolve("outside.txt");
        Files.writeString(target, OUTSIDE);
        Files.setLastModifiedTime(target, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        return target;
    }

    private static void assertUntouched(Path target) throws IOException {
        assertEquals(OUTSIDE, Files.readString(target));
        assertEquals(FileTime.from(Instant.parse("2026-01-01T00:00:00Z")), Files.getLastModifiedTime(target));
    }

    private static void assertRefusal(InvalidSettingException e, String name) {
        assertEquals(Setting.LEDGER_DIRECTORY, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.ledger.directory: '"), e.getMessage());
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("remove it"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {JournalStore.JOURNAL, JournalStore.NEXT, JournalStore.DEAD_LETTER, JournalStore.LOCK})
    void aLedgerFileThatIsALink_failsStartUp_andItsTargetIsUntouched(String name, @TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ledger"));
        Path target = outside(tmp);
        Files.createSymbolicLink(dir.resolve(name), target);

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ledger(dir));

        assertRefusal(e, name);
        assertTrue(e.getMessage().contains("is a symbolic link (to " + target + ")"), e.getMessage());
        assertUntouched(target);
        assertTrue(Files.isSymbolicLink(dir.resolve(name)), "left for the operator to look at");
        ledger(Files.createDirectory(tmp.resolve("other"))); // the lock of the refused one was released
    }

    @Test
    void aJournalLinkedToDevFull_isRefusedAtStart_unread(@TempDir Path dir) throws Exception {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.exists(devFull));
        Files.createSymbolicLink(dir.resolve(JournalStore.JOURNAL), devFull);

        // Before: replay read it whole, and the JVM died with "Requested array size exceeds VM limit".
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ledger(dir));

        assertRefusal(e, JournalStore.JOURNAL);
        assertTrue(e.getMessage().contains("/dev/full"), e.getMessage());
    }

    @Test
    void aFifoUnderALedgerName_failsStartUp_insteadOfWaitingForAReader(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve(JournalStore.DEAD_LETTER);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            mkfifo = null;
        }
        assumeTrue(mkfifo != null && mkfifo.waitFor(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS) && mkfifo.exitValue() == 0, "mkfifo");

        // Opening a fifo for writing waits until something reads it: before, start-up hung here.
        InvalidSettingException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(InvalidSettingException.class, () -> ledger(dir)));

        assertRefusal(e, JournalStore.DEAD_LETTER);
        assertTrue(e.getMessage().contains("not a regular file but a fifo, socket or device"), e.getMessage());
    }

    @Test
    void aDirectoryUnderALedgerName_failsStartUp(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve(JournalStore.JOURNAL));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> ledger(dir));

        assertRefusal(e, JournalStore.JOURNAL);
        assertTrue(e.getMessage().contains("not a regular file but a directory"), e.getMessage());
    }

    @Test
    void aNextFileLinkedWhileRunning_isRefusedAndLogged_theTargetUntouched_andAppendsGoOn(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ledger"));
        JournalStore journal = JournalStore.open(dir, 100, clock);
        FailOpenLedger ledger = ledger(journal, 100);
        LedgerEntry first = ledger.record("tok-1", "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();
        Path target = outside(tmp);
        Files.createSymbolicLink(dir.resolve(JournalStore.NEXT), target);

        IOException e = assertThrows(IOException.class, () -> journal.rewrite(List.of()));

        assertTrue(e instanceof RefusedFileException && e.getMessage().contains("symbolic link"), e::toString);
        assertUntouched(target);
        LedgerEntry second = ledger.record("tok-2", "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();
        String lines = Files.readString(dir.resolve(JournalStore.JOURNAL));
        assertTrue(lines.contains(first.id()) && lines.contains(second.id()), "the journal keeps its old file: " + lines);
    }

    @Test
    void aLinkedDirectory_isResolvedOnce_andTheLedgerLivesWhereItPoints(@TempDir Path tmp) throws Exception {
        Path disk = Files.createDirectory(tmp.resolve("other-disk"));
        Path configured = Files.createSymbolicLink(tmp.resolve("playtcha"), disk);

        FailOpenLedger ledger = ledger(configured);
        LedgerEntry entry = ledger.record("tok-1", "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();

        assertTrue(Files.readString(disk.resolve(JournalStore.JOURNAL)).contains(entry.id()));
        String real = "real=" + disk.toRealPath();
        assertTrue(log.lines(Level.INFO).stream().anyMatch(l -> l.contains(real)), log::everything);
    }

    @Test
    void aDirectoryTheLedgerCreates_isOwnerOnly_andSoAreItsFiles(@TempDir Path tmp) throws Exception {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path dir = tmp.resolve("app").resolve("playtcha");

        FailOpenLedger ledger = ledger(dir);
        ledger.record("tok-1", "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())));
        for (String name : List.of(JournalStore.JOURNAL, JournalStore.DEAD_LETTER, JournalStore.LOCK)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
    }

    @Test
    void anExistingDirectoryOthersMayWrite_isUsed_withAWarningThatSaysWhatToDo(@TempDir Path tmp) throws Exception {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path dir = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));

        ledger(dir);

        List<String> warnings = log.lines(Level.WARNING);
        assertEquals(1, warnings.stream().filter(l -> l.contains("chmod 700") && l.contains("playtcha.ledger.directory")
                && l.contains("permissions=rwxrwx---")).count(), log::everything);
    }

    @Test
    void aJournalOverTheReplayLimit_failsStartUp_unread_withTheKeyTheSizeAndWhatToDo(@TempDir Path dir) throws Exception {
        long size = JournalReplay.replayLimit(1) + 1; // 64 MiB + 1: the floor, at capacity 1
        try (FileChannel journal = FileChannel.open(dir.resolve(JournalStore.JOURNAL), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            journal.write(ByteBuffer.wrap(recordedLine("a").getBytes(StandardCharsets.UTF_8)));
            journal.write(ByteBuffer.wrap(new byte[] {'\n'}), size - 1); // sparse: cheap to make, as large to read
        }

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ledger(JournalStore.open(dir, 1, clock), 1));

        assertEquals(Setting.LEDGER_DIRECTORY, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.ledger.directory: the journal '"), e.getMessage());
        assertTrue(e.getMessage().contains("is " + size + " bytes, more than the 67108864 bytes (64 MiB)")
                && e.getMessage().contains("playtcha.ledger.capacity=1") && e.getMessage().contains("Move it out"), e.getMessage());
        assertEquals(size, Files.size(dir.resolve(JournalStore.JOURNAL)), "left as it was");
        JournalStore again = JournalStore.open(dir, 1, clock); // not "in use": the refusal released the lock
        toClose.add(again);
    }

    @Test
    void aHundredMebibyteLine_isSkipped_byAReplayInA24MebibyteHeap(@TempDir Path dir) throws Exception {
        long hugeLine = 100L * 1024 * 1024;
        try (FileChannel journal = FileChannel.open(dir.resolve(JournalStore.JOURNAL), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            journal.write(ByteBuffer.wrap((recordedLine("a") + "\n").getBytes(StandardCharsets.UTF_8)));
            long end = journal.size() + hugeLine; // a hole of NUL bytes: one line, no line break in it
            journal.write(ByteBuffer.wrap(recordedLine("b").getBytes(StandardCharsets.UTF_8)), end);
        }

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LedgerReplayChild.class.getName(),
                dir.toString(), "10000")
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(TestSettings.WAIT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS));

        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("OPEN 2"), output);
        assertTrue(output.contains("skipped 1 unreadable line(s)"), output);
        assertTrue(Files.size(dir.resolve(JournalStore.JOURNAL)) < 1024, "rewritten without it");
    }

    @Test
    void aJournalWithMoreOpenEntriesThanTheCapacity_replaysTheCapacity_andDeadLettersTheCountOfTheRest(@TempDir Path dir)
            throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            lines.append(recordedLine("e" + i));
        }
        lines.append("\n{\"op\":\"posting\",\"id\":\"e249\"}"); // about an entry passed over: not kept either
        Files.writeString(dir.resolve(JournalStore.JOURNAL), lines);

        FailOpenLedger ledger = ledger(JournalStore.open(dir, 100, clock), 100);

        assertEquals(100, ledger.size(), "as many as the ledger ever holds");
        assertTrue(ledger.holds("tok-e0") && ledger.holds("tok-e99") && !ledger.holds("tok-e100"), "the first ones recorded");
        String deadLetters = Files.readString(dir.resolve(JournalStore.DEAD_LETTER));
        assertTrue(deadLetters.contains("\"unrecorded\":150") && deadLetters.contains("playtcha.ledger.capacity=100"),
                deadLetters);
        assertEquals(1, log.lines(Level.WARNING).stream().filter(l -> l.contains("150 entries")).count(),
                String.join("\n", log.lines(Level.WARNING)));
        assertEquals(100, Files.readAllLines(dir.resolve(JournalStore.JOURNAL)).stream().filter(l -> l.contains("recorded")).count(),
                "rewritten with the entries it keeps");
    }

    @Test
    void sixtyMebibytesOfSmallEntries_underTheReplayLimit_areReplayedInA24MebibyteHeap(@TempDir Path dir) throws Exception {
        byte[] block;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 4096; i++) {
            lines.append(recordedLine(String.format("%08d", i)));
        }
        block = lines.toString().getBytes(StandardCharsets.UTF_8);
        long target = 60L * 1024 * 1024;
        try (FileChannel journal = FileChannel.open(dir.resolve(JournalStore.JOURNAL), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            for (int i = 0; journal.size() < target; i++) {
                // the same lines again under new ids: entries a capacity of 100 must not all keep
                journal.write(ByteBuffer.wrap(new String(block, StandardCharsets.UTF_8).replace("\"id\":\"", "\"id\":\"" + i + "-")
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LedgerReplayChild.class.getName(),
                dir.toString(), "100")
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(TestSettings.WAIT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS));

        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("OPEN 100"), output);
        assertTrue(output.contains("were not replayed"), output);
    }

    @Test
    void aSevenThousandCharacterPath_isStoredCut_withTheMarker_andSoIsALongAddress(@TempDir Path dir) throws Exception {
        String path = "/signup/" + "p".repeat(6_992);
        String token = "t".repeat(MAX_TOKEN_LENGTH);
        FailOpenLedger first = ledger(dir);

        LedgerEntry entry = first.record(token, path, "203.0.113.7," + "9".repeat(1_000), VerificationResult.TIMEOUT).entry();

        assertEquals(LedgerEntry.MAX_PATH_LENGTH, entry.path().length());
        assertEquals(path.substring(0, LedgerEntry.MAX_PATH_LENGTH - LedgerEntry.TRUNCATED.length()) + LedgerEntry.TRUNCATED,
                entry.path());
        assertEquals(LedgerEntry.MAX_REMOTE_ADDRESS_LENGTH, entry.remoteAddress().length());
        List<String> lines = Files.readAllLines(dir.resolve(JournalStore.JOURNAL));
        String line = lines.stream().filter(l -> l.contains(entry.id())).findFirst().orElseThrow();
        assertTrue(line.length() < 10_000, "was 15 KB with the whole path: " + line.length());
        first.close();
        toClose.remove(first);
        FailOpenLedger second = ledger(dir);
        assertEquals(1, second.size(), "replayed");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String path = "/" + "a".repeat(LedgerEntry.MAX_PATH_LENGTH - LedgerEntry.TRUNCATED.length() - 2) + "\uD83D\uDE00" + "b".repeat(50);

        String cut = new LedgerEntry("id", "tok", Instant.EPOCH, path, null, "timeout").path();

        assertTrue(cut.endsWith("a" + LedgerEntry.TRUNCATED), cut.substring(cut.length() - 20));
        assertTrue(cut.length() <= LedgerEntry.MAX_PATH_LENGTH);
    }

    @Test
    void theLongestLinesPossible_stayUnderMaxLineBytes_allOfAnEntrysLinesTogetherToo(@TempDir Path dir) throws Exception {
        String control = "\u0001"; // written as six characters, \u0001: the worst any character does
        LedgerEntry entry = new LedgerEntry("00000000-0000-0000-0000-000000000000", "\"".repeat(MAX_TOKEN_LENGTH),
                Instant.parse("2026-11-21T08:00:00.123456789Z"), control.repeat(10_000), control.repeat(10_000), control.repeat(10_000));
        VerificationResult answer = VerificationResult.Rejected.byPlaytcha(control.repeat(10_000), control.repeat(70_000),
                control.repeat(10_000), 401, null);
        Reconciliation settled = new Reconciliation(entry, Reconciliation.Outcome.REJECTED, answer, Instant.now());
        try (JournalStore journal = JournalStore.open(dir, 100, clock)) {
            journal.recorded(entry);
            journal.posting(entry.id());
            journal.settled(settled);
            journal.reported(entry.id());
            journal.deadLetter(settled, "a listener threw");
        }

        byte[] all = Files.readAllBytes(dir.resolve(JournalStore.JOURNAL));
        List<Integer> lengths = new ArrayList<>();
        for (String line : new String(all, StandardCharsets.UTF_8).split("\n")) {
            lengths.add(line.getBytes(StandardCharsets.UTF_8).length + 1);
        }
        System.out.println("Longest journal lines possible, in bytes (recorded, posting, settled, reported): " + lengths.subList(1, 5)
                + ", together " + all.length + "; the dead-letter line " + Files.size(dir.resolve(JournalStore.DEAD_LETTER)));
        assertTrue(lengths.stream().allMatch(n -> n <= JournalCodec.MAX_LINE_BYTES), lengths::toString);
        assertTrue(all.length <= JournalCodec.MAX_LINE_BYTES, "an entry's lines together: " + all.length);
        assertTrue(Files.size(dir.resolve(JournalStore.DEAD_LETTER)) <= JournalCodec.MAX_LINE_BYTES);
    }

    @Test
    void aFullDisk_isLoggedOnce_whileRecordKeepsReturningEntries_andOnceWhenItIsWrittenAgain(@TempDir Path dir) throws Exception {
        Path devFull = Path.of("/dev/full");
        assumeTrue(Files.isWritable(devFull), "/dev/full");
        AtomicBoolean full = new AtomicBoolean(true);
        // Every file the journal appends to is /dev/full while "the disk is full": each write fails with ENOSPC.
        LedgerDirectory.Storage disk = file -> full.get()
                ? FileChannel.open(devFull, StandardOpenOption.WRITE)
                : LedgerDirectory.FILES.append(file);
        FailOpenLedger ledger = ledger(JournalStore.open(dir, 10_000, clock, disk), 10_000);
        int requests = 2_000;

        List<LedgerEntry> entries = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            entries.add(ledger.record("tok-" + i, "/signup", "203.0.113.7", VerificationResult.TIMEOUT).entry());
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
        ledger.pass(); // the rewrite from memory fails too: counted, not logged
        ledger.pass();

        assertTrue(entries.stream().allMatch(e -> e != null), "every request is recorded in memory and goes on");
        assertNotNull(ledger.storeUnwritable(), "a status page sees the run of failures");
        assertEquals(requests, ledger.size());
        List<String> errors = log.lines(Level.SEVERE);
        assertEquals(1, errors.size(), log::everything);
        assertTrue(errors.get(0).contains("journal cannot be written") && errors.get(0).contains("No space left on device"),
                errors.get(0));
        System.out.println("record() on a full disk: " + requests + " calls in " + micros + " us, "
                + (micros / requests) + " us each");

        full.set(false);
        ledger.pass();

        List<String> again = log.lines(Level.INFO).stream().filter(l -> l.contains("journal is written again")).toList();
        assertEquals(1, again.size(), log::everything);
        assertTrue(again.get(0).contains("failed_writes=" + (requests + 2)), again.get(0));
        assertEquals(1, log.lines(Level.SEVERE).size(), "still the one ERROR");
        assertNull(ledger.storeUnwritable(), "and sees it end");
        ledger.close();
        toClose.remove(ledger);
        assertEquals(requests, ledger(JournalStore.open(dir, 10_000, clock), 10_000).size(),
                "the journal was rewritten from memory: nothing lost (replayed with the same capacity)");
    }
}
