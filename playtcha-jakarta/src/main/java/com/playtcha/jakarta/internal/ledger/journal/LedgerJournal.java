package com.playtcha.jakarta.internal.ledger.journal;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.VerificationResult;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable half of the fail-open ledger: an append-only journal of JSON lines in
 * {@code playtcha.ledger.directory}, and the dead-letter file next to it.
 *
 * <p>Files in the directory:
 * <ul>
 * <li>{@value #JOURNAL}: one line when an entry is recorded (id, token, time, path, remote address,
 *     cause), one before the ledger first posts its token, one when its outcome is settled (outcome
 *     and Playtcha's answer: result, code, message, request id, status, degraded), one when listeners
 *     were told. Each line is written with a single {@code write}, starting with its line break,
 *     before the call returns, so it survives the JVM dying ({@code kill -9}); it is not forced to
 *     the disk, so a power loss of the host can lose the last lines. On open the journal is replayed
 *     and rewritten (through {@value #NEXT}, moved over it) with only the entries not yet reported,
 *     which also drops a line torn by a crash; while running it is emptied whenever no entry is open.
 *     An entry thus stays at most its token's 5 minutes, plus however long listeners take, plus any
 *     downtime.</li>
 * <li>{@value #DEAD_LETTER}: append-only and never trimmed by us: entries that expired unverified or
 *     were abandoned, reconciliations a listener failed to take, and counts of fail-open requests
 *     the full ledger could not record. Without tokens. Rotate or archive it like a log.</li>
 * <li>{@value #LOCK}: locked while a verifier uses the directory, so two never share one journal.</li>
 * </ul>
 * Neither file ever holds the secret. The journal holds tokens (single-use, worthless after 5
 * minutes); both hold request paths and client addresses, which may be personal data.
 *
 * <p><b>The directory is not trusted.</b> Whoever can write it could otherwise make the ledger write
 * (as the application server's user) wherever a link points, or hang or crash it on replay.
 * <ul>
 * <li>The configured directory is resolved once, at open, with {@link Path#toRealPath}: it may
 *     itself be a link (an operator pointing {@code /var/lib/app/playtcha} at another disk is fine);
 *     from then on the real path is used and no link inside it is followed.</li>
 * <li>Every file in it ({@value #JOURNAL}, {@value #NEXT}, {@value #DEAD_LETTER}, {@value #LOCK}) is
 *     opened with {@link LinkOption#NOFOLLOW_LINKS} ({@code O_NOFOLLOW}) and must be a regular file.
 *     A link, fifo, device or directory under one of those names fails the open with an
 *     {@link InvalidSettingException} naming {@code playtcha.ledger.directory}; met later (when the
 *     journal is rewritten), it is refused likewise and logged, and the journal keeps its old file.</li>
 * <li>What we create is owner-only where the file system has POSIX permissions: the directory (and
 *     any parent we create) {@code rwx------}, the files {@code rw-------}, both set as they are
 *     created, never after. An existing directory that its group or others may write is used, with a
 *     WARNING at open: containers often mount volumes {@code 0777}, and refusing would stop a working
 *     site on upgrade; anyone who can write there can add lines the ledger replays after a restart.</li>
 * </ul>
 *
 * <p><b>Sizes.</b> An entry is bounded ({@link LedgerEntry}: token 8 KiB, path 1,024 characters,
 * address 256, cause 64), and so is what a settled line keeps of Playtcha's answer (code
 * {@value LedgerEntry#MAX_CAUSE_LENGTH} characters, request id {@value #MAX_REQUEST_ID_LENGTH},
 * message {@value #MAX_MESSAGE_LENGTH}). No line is longer than {@value #MAX_LINE_BYTES} bytes: the
 * longest one possible, a recorded line whose token is 8,192 quotes (written as two characters each)
 * and whose path, address and cause are at their limits in control characters (six each), is 24,429
 * bytes (measured by {@code LedgerJournalTest}); all the lines of one entry together stay under
 * {@value #MAX_LINE_BYTES} bytes too. A
 * typical line is a few hundred bytes. Replay reads the journal line by line, holding at most one
 * line of {@value #MAX_LINE_BYTES} bytes; a longer line is skipped unread, like a torn one. A journal
 * larger than {@link #replayLimit(int)} ({@code playtcha.ledger.capacity} x 64 KiB, at least 64 MiB:
 * 625 MiB with the default capacity of 10,000) is more than the ledger ever writes (it is rewritten
 * with only its open entries once it doubles) and is refused at open, unread.
 */
public final class LedgerJournal implements AutoCloseable {

    public static final String JOURNAL = "playtcha-ledger.jsonl";
    public static final String NEXT = JOURNAL + ".next";
    public static final String DEAD_LETTER = "playtcha-dead-letter.jsonl";
    public static final String LOCK = "playtcha-ledger.lock";

    /** Past this size the journal is rewritten with only its open entries, even while some are open. */
    public static final long REWRITE_OVER_BYTES = 8L * 1024 * 1024;
    /** No line the ledger writes is longer; replay skips one that is, without reading it whole. */
    static final int MAX_LINE_BYTES = 32 * 1024;
    /** The smallest journal replay refuses to read, whatever the capacity. */
    static final long MIN_REPLAY_LIMIT = 64L * 1024 * 1024;
    /** What a settled line keeps of Playtcha's message and request id, in characters. */
    static final int MAX_MESSAGE_LENGTH = 512;
    static final int MAX_REQUEST_ID_LENGTH = 128;

    private static final System.Logger LOG = System.getLogger(LedgerJournal.class.getName());
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /**
     * Where the journal gets the files it appends to. {@link #FILES} but in tests that need a disk
     * that fails (a channel on {@code /dev/full}, opened by the test).
     */
    @FunctionalInterface
    interface Storage {
        /** Opens the file to append to, creating it owner-only; refuses a link or a file that is not regular. */
        FileChannel append(Path file) throws IOException;
    }

    /** The real file system, no links followed. */
    static final Storage FILES = file -> openRegular(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);

    /**
     * A file in the directory that the ledger will not open: a link, or not a regular file. An
     * {@link IOException}, so that when it is met while running it is handled (logged, retried) like
     * any failed write.
     */
    public static final class RefusedFileException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedFileException(Path file, String what) {
            super("'" + file + "' " + what + "; the ledger follows no links and writes only regular files in "
                    + Setting.LEDGER_DIRECTORY.key() + ": remove it (the ledger creates its files itself), "
                    + "or give the ledger a directory of its own");
        }
    }

    private final Path directory;
    private final JsonProvider json;
    private final Storage storage;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel journal;
    private FileChannel deadLetter;

    /**
     * What replay found: an entry not yet reported, whether the ledger ever posted its token, and
     * its outcome when it was settled.
     */
    public record Open(LedgerEntry entry, boolean posted, Reconciliation settled) {
    }

    private LedgerJournal(Path directory, JsonProvider json, Storage storage, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.json = json;
        this.storage = storage;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (and if need be creates) the directory and locks it.
     *
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when the directory
     *                                 cannot be created or written, holds a link or a non-regular
     *                                 file under one of the ledger's names, or another verifier holds it
     */
    public static LedgerJournal open(Path directory, JsonProvider json) {
        return open(directory, json, FILES);
    }

    /** As {@link #open(Path, JsonProvider)}, appending to files that {@code storage} opens. */
    static LedgerJournal open(Path configured, JsonProvider json, Storage storage) {
        FileChannel lockChannel = null;
        LedgerJournal opened = null;
        try {
            Path directory = realDirectory(configured);
            for (String name : List.of(LOCK, JOURNAL, NEXT, DEAD_LETTER)) {
                refuseUnlessRegular(directory.resolve(name)); // all of them before any is opened or created
            }
            lockChannel = openRegular(directory.resolve(LOCK), StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "'" + configured
                        + "' is in use by another Playtcha verifier (its " + LOCK + " is locked); give each application, "
                        + "and each verifier with its own secret or api-url, a directory of its own");
            }
            opened = new LedgerJournal(directory, json, storage, lockChannel, lock);
            opened.deadLetter = storage.append(directory.resolve(DEAD_LETTER));
            opened.journal = storage.append(directory.resolve(JOURNAL));
            return opened;
        } catch (RefusedFileException e) {
            closeAfterFailure(opened, lockChannel);
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, e.getMessage());
        } catch (IOException e) {
            closeAfterFailure(opened, lockChannel);
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "'" + configured
                    + "' cannot be used as the ledger's directory (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); it must be a directory the application server may create files in, like /var/lib/myapp/playtcha");
        }
    }

    private static void closeAfterFailure(LedgerJournal opened, FileChannel lockChannel) {
        if (opened != null) {
            opened.close();
        } else if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException ignored) {
                // reporting the first failure
            }
        }
    }

    /**
     * The configured directory, created owner-only when missing, resolved once to its real path:
     * the operator's links on the way there are followed here and nowhere else.
     */
    private static Path realDirectory(Path configured) throws IOException {
        if (Files.notExists(configured)) {
            try {
                Files.createDirectories(configured, OWNER_ONLY_DIRECTORY);
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(configured);
            }
        }
        Path real = configured.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(configured.toString(), null, "not a directory");
        }
        if (!real.equals(configured)) {
            LOG.log(Level.INFO, "Playtcha ledger directory resolved once; no link inside it is followed [{0}={1}, real={2}]",
                    Setting.LEDGER_DIRECTORY.key(), configured, real);
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real, LinkOption.NOFOLLOW_LINKS);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                LOG.log(Level.WARNING, "Playtcha ledger directory may be written by other users than its owner: they could "
                        + "add entries that the ledger replays after a restart and reports to your listeners; "
                        + "let only the user the server runs as write it (chmod 700) [{0}={1}, permissions={2}]",
                        Setting.LEDGER_DIRECTORY.key(), real, PosixFilePermissions.toString(permissions));
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to check where the file system has no POSIX permissions
        }
        return real;
    }

    /** Refuses a link or a file that is not regular under this name; no file there is fine. */
    static void refuseUnlessRegular(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException none) {
            return;
        }
        if (attributes.isSymbolicLink()) {
            String target;
            try {
                target = String.valueOf(Files.readSymbolicLink(file));
            } catch (IOException | UnsupportedOperationException unreadable) {
                target = "?";
            }
            throw new RefusedFileException(file, "is a symbolic link (to " + target + ")");
        }
        if (!attributes.isRegularFile()) {
            throw new RefusedFileException(file, "is not a regular file but " + (attributes.isDirectory() ? "a directory"
                    : "a fifo, socket or device"));
        }
    }

    /**
     * Opens a regular file, creating it owner-only if need be, never through a link. Checked before
     * the open too: opening a fifo for writing would wait for a reader, and a link is named better
     * than by {@code ELOOP}.
     */
    private static FileChannel openRegular(Path file, OpenOption... options) throws IOException {
        refuseUnlessRegular(file);
        Set<OpenOption> all = new HashSet<>(List.of(options));
        all.add(StandardOpenOption.CREATE);
        all.add(LinkOption.NOFOLLOW_LINKS);
        try {
            try {
                return FileChannel.open(file, all, OWNER_ONLY_FILE);
            } catch (UnsupportedOperationException notPosix) {
                return FileChannel.open(file, all);
            }
        } catch (FileSystemException e) {
            refuseUnlessRegular(file); // a link put there since the check above: refused by name
            throw e;
        }
    }

    /**
     * The largest journal replay reads: {@code capacity} x 2 x {@value #MAX_LINE_BYTES} bytes, at
     * least {@value #MIN_REPLAY_LIMIT}. All the lines of an entry stay under {@value #MAX_LINE_BYTES}
     * bytes, and the journal is rewritten with only its open entries once it has doubled, so a
     * larger file is not one the ledger wrote.
     */
    static long replayLimit(int capacity) {
        return Math.max(MIN_REPLAY_LIMIT, capacity * 2L * MAX_LINE_BYTES);
    }

    /**
     * Reads the journal and rewrites it with the entries not yet reported, in the order they were
     * recorded. A line that cannot be read (torn by a crash, or over {@value #MAX_LINE_BYTES} bytes)
     * is skipped with a warning.
     *
     * @param capacity the ledger's capacity, which sets {@link #replayLimit(int)}
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when the journal is
     *                                 over {@link #replayLimit(int)}
     */
    public synchronized List<Open> replay(int capacity) throws IOException {
        Path file = directory.resolve(JOURNAL);
        long limit = replayLimit(capacity);
        Replay replay = new Replay();
        refuseUnlessRegular(file);
        long read;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size(); // of what was opened, not of whatever the name points at by now
            if (size > limit) {
                throw tooLarge(file, size, limit, capacity);
            }
            read = readLines(Channels.newInputStream(in), limit, replay);
            if (read > limit) {
                throw tooLarge(file, read, limit, capacity); // it grew while we read it
            }
        } catch (NoSuchFileException none) {
            read = 0; // not created where the storage is not the file system (a test's full disk)
        }
        if (read == 0) {
            return List.of(); // nothing to rewrite
        }
        if (replay.skipped > 0) {
            LOG.log(Level.WARNING, "Playtcha ledger journal: skipped {0} unreadable line(s) (a write cut short by a crash, "
                    + "or over {1} bytes) [file={2}]", replay.skipped, MAX_LINE_BYTES, file);
        }
        List<Open> open = new ArrayList<>();
        replay.entries.forEach((id, entry) -> open.add(new Open(entry, replay.posted.contains(id), replay.settled.get(id))));
        rewrite(open);
        return open;
    }

    private static InvalidSettingException tooLarge(Path file, long size, long limit, int capacity) {
        return new InvalidSettingException(Setting.LEDGER_DIRECTORY, "the journal '" + file + "' is " + size
                + " bytes, more than the " + limit + " bytes (" + (limit >> 20) + " MiB) that a ledger of "
                + Setting.LEDGER_CAPACITY.key() + "=" + capacity + " ever writes, so it is not read: it is not the "
                + "ledger's own or was damaged. Move it out of the directory and start again (its entries are then not "
                + "reconciled; it may hold tokens, so keep it private or delete it)");
    }

    /**
     * Hands each line to the replay, holding at most {@value #MAX_LINE_BYTES} bytes of one: the rest
     * of a longer line is passed over and the line counted as skipped. Stops past {@code limit}
     * bytes; returns how many were read.
     */
    private long readLines(InputStream in, long limit, Replay replay) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        byte[] line = new byte[MAX_LINE_BYTES];
        int length = 0;
        boolean overlong = false;
        long read = 0;
        for (int n = in.read(chunk); n != -1 && read <= limit; n = in.read(chunk)) {
            read += n;
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    replay.line(overlong ? null : line, length);
                    length = 0;
                    overlong = false;
                } else if (length < line.length) {
                    line[length++] = b;
                } else {
                    overlong = true;
                }
            }
        }
        replay.line(overlong ? null : line, length);
        return read;
    }

    /** What replay has found so far. */
    private final class Replay {
        final Map<String, LedgerEntry> entries = new LinkedHashMap<>();
        final Map<String, Reconciliation> settled = new LinkedHashMap<>();
        final Set<String> posted = new HashSet<>();
        int skipped;

        /** One line's bytes, or {@code null} for a line too long to keep. */
        void line(byte[] bytes, int length) {
            if (bytes == null) {
                skipped++;
                return;
            }
            // Decoded leniently: a line torn inside a multi-byte character must not stop the replay.
            String line = new String(bytes, 0, length, StandardCharsets.UTF_8);
            if (line.isBlank()) {
                return;
            }
            try {
                JsonObject record = parse(line);
                String id = record.getString("id");
                switch (record.getString("op")) {
                    case "recorded" -> entries.put(id, entry(record));
                    case "posting" -> posted.add(id);
                    case "settled" -> {
                        LedgerEntry entry = entries.get(id);
                        if (entry != null) {
                            settled.put(id, reconciliation(entry, record));
                        }
                    }
                    case "reported" -> {
                        entries.remove(id);
                        settled.remove(id);
                        posted.remove(id);
                    }
                    default -> skipped++;
                }
            } catch (JsonException | ClassCastException | NullPointerException | IllegalArgumentException
                    | java.time.format.DateTimeParseException e) {
                skipped++;
            }
        }
    }

    /**
     * Replaces the journal with these open entries: written to {@value #NEXT}, forced, then moved
     * over the old one. Also the repair after a failed append, which may have left half a line.
     *
     * @throws RefusedFileException when {@value #NEXT} is a link or not a regular file; the journal
     *                              then keeps its old file
     */
    public synchronized void rewrite(List<Open> open) throws IOException {
        Path file = directory.resolve(JOURNAL);
        Path next = directory.resolve(NEXT);
        refuseUnlessRegular(next);
        Files.deleteIfExists(next);
        try (FileChannel out = storage.append(next)) {
            for (Open o : open) {
                write(out, recordedLine(o.entry()));
                if (o.posted()) {
                    write(out, postingLine(o.entry().id()));
                }
                if (o.settled() != null) {
                    write(out, settledLine(o.settled()));
                }
            }
            out.force(true);
        }
        try {
            journal.close();
            // rename(2) replaces whatever has the name, a link included, and never writes through it
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            journal = storage.append(file); // the old file when the move failed: appending goes on either way
        }
    }

    /** Empties the journal: nothing in it is open any more. Only the ledger's own thread calls this. */
    public synchronized void clear() throws IOException {
        journal.truncate(0);
    }

    /** The size of the file being appended to (not of whatever has its name now). */
    public synchronized long size() throws IOException {
        return journal.size();
    }

    public synchronized void recorded(LedgerEntry entry) throws IOException {
        write(journal, recordedLine(entry));
    }

    /**
     * Notes that the ledger is about to post this entry's token itself, before it does: a later 409
     * may then be our own post's doing (its reply lost, or the JVM killed before the answer was
     * journaled), so it is ambiguous, not someone else's replay.
     */
    public synchronized void posting(String id) throws IOException {
        write(journal, postingLine(id));
    }

    private String postingLine(String id) {
        return line(g -> g.write("op", "posting").write("id", id));
    }

    public synchronized void settled(Reconciliation reconciliation) throws IOException {
        write(journal, settledLine(reconciliation));
    }

    public synchronized void reported(String id) throws IOException {
        write(journal, line(g -> g.write("op", "reported").write("id", id)));
    }

    /** Appends to the dead-letter file: the entry, its outcome and why it is here. */
    public synchronized void deadLetter(Reconciliation reconciliation, String reason) throws IOException {
        LedgerEntry e = reconciliation.entry();
        write(deadLetter, line(g -> {
            g.write("id", e.id()).write("time", e.time().toString());
            put(g, "path", e.path());
            put(g, "remote", e.remoteAddress());
            g.write("cause", e.cause()).write("outcome", reconciliation.outcome().toString());
            put(g, "code", bounded(reconciliation.code(), LedgerEntry.MAX_CAUSE_LENGTH));
            g.write("reason", reason).write("settled", reconciliation.time().toString());
        }));
    }

    /** Appends to the dead-letter file: how many fail-open requests went unrecorded, between when and when, and why. */
    public synchronized void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) throws IOException {
        write(deadLetter, line(g -> g.write("unrecorded", count).write("first", first.toString())
                .write("last", last.toString()).write("reason", reason)));
    }

    private String recordedLine(LedgerEntry e) {
        return line(g -> {
            g.write("op", "recorded").write("id", e.id()).write("time", e.time().toString()).write("token", e.token());
            put(g, "path", e.path());
            put(g, "remote", e.remoteAddress());
            g.write("cause", e.cause());
        });
    }

    private String settledLine(Reconciliation r) {
        return line(g -> {
            g.write("op", "settled").write("id", r.entry().id()).write("outcome", r.outcome().name())
                    .write("time", r.time().toString());
            VerificationResult result = r.result();
            if (result != null) {
                // Playtcha's words, bounded like an entry's, so that the line is too
                g.write("result", result.outcome());
                put(g, "code", bounded(result.errorCode(), LedgerEntry.MAX_CAUSE_LENGTH));
                put(g, "request_id", bounded(result.requestId(), MAX_REQUEST_ID_LENGTH));
                g.write("degraded", result.degraded());
                if (result instanceof VerificationResult.Rejected rejected) {
                    put(g, "message", bounded(rejected.message(), MAX_MESSAGE_LENGTH));
                    g.write("status", rejected.httpStatus());
                } else if (result instanceof VerificationResult.Unavailable unavailable) {
                    put(g, "message", bounded(unavailable.message(), MAX_MESSAGE_LENGTH));
                    g.write("status", unavailable.httpStatus());
                }
            }
        });
    }

    private static LedgerEntry entry(JsonObject r) {
        return new LedgerEntry(r.getString("id"), r.getString("token"), Instant.parse(r.getString("time")),
                r.getString("path", null), r.getString("remote", null), r.getString("cause"));
    }

    private static Reconciliation reconciliation(LedgerEntry entry, JsonObject r) {
        VerificationResult result = null;
        if (r.containsKey("result")) {
            String code = r.getString("code", null);
            String requestId = r.getString("request_id", null);
            String message = r.getString("message", null);
            int status = r.getInt("status", 0);
            result = switch (r.getString("result")) {
                case "verified" -> new VerificationResult.Verified(r.getBoolean("degraded", false), requestId);
                case "rejected" -> new VerificationResult.Rejected(code, message, requestId, status, null);
                default -> new VerificationResult.Unavailable(code, message, requestId, status);
            };
        }
        return new Reconciliation(entry, Reconciliation.Outcome.valueOf(r.getString("outcome")), result,
                Instant.parse(r.getString("time")));
    }

    private JsonObject parse(String line) {
        try (JsonReader reader = json.createReader(new StringReader(line))) {
            JsonValue value = reader.readValue();
            return value.asJsonObject();
        }
    }

    private interface Fields {
        void write(JsonGenerator generator);
    }

    private String line(Fields fields) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            fields.write(generator);
            generator.writeEnd();
        }
        return "\n" + out; // first, not last: after a half-written line the next record still starts on a line of its own
    }

    /**
     * The value, or its start plus {@link LedgerEntry#TRUNCATED} when it is over {@code max}
     * characters, never cutting a surrogate pair in half (as {@link LedgerEntry} cuts its fields).
     */
    static String bounded(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int keep = max - LedgerEntry.TRUNCATED.length();
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        return value.substring(0, keep) + LedgerEntry.TRUNCATED;
    }

    private static void put(JsonGenerator generator, String name, String value) {
        if (value != null) {
            generator.write(name, value);
        }
    }

    /**
     * One line, one write call (the loop only ever goes round again after a short write), no buffer
     * of ours: once this returns the line is the operating system's.
     */
    private static void write(FileChannel out, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        // A channel closes for good when its writer is interrupted, and the request thread may have
        // been (by the container or the application). Its flag is the request's business: cleared
        // for the write, put back after. An interrupt that lands during the write still closes the
        // channel; that is a failed append, and the rewrite at the next pass opens the file again.
        boolean interrupted = Thread.interrupted();
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(journal);
        closeQuietly(deadLetter);
        try {
            lock.release();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha ledger lock was not released cleanly [directory=" + directory + "]", e);
        } finally {
            closeQuietly(lockChannel);
        }
    }

    private void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Playtcha ledger file did not close cleanly [directory=" + directory + "]", e);
        }
    }

    @Override
    public String toString() {
        return "LedgerJournal[" + directory + "]";
    }
}
