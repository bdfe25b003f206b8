package com.playtcha.jakarta.core;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable half of the fail-open ledger: an append-only journal of JSON lines in
 * {@code playtcha.ledger.directory}, and the dead-letter file next to it.
 *
 * <p>Files in the directory:
 * <ul>
 * <li>{@value #JOURNAL}: one line when an entry is recorded (id, token, time, path, remote address,
 *     cause), one before the ledger first posts its token, one when its outcome is settled (outcome and Playtcha's answer: result, code, message,
 *     request id, status, degraded), one when listeners were told. Each line is written with a
 *     single {@code write}, starting with its line break, before the call returns, so it survives the JVM dying ({@code kill -9});
 *     it is not forced to the disk, so a power loss of the host can lose the last lines. On open the
 *     journal is replayed and rewritten with only the entries not yet reported, which also drops a
 *     line torn by a crash; while running it is emptied whenever no entry is open. An entry thus
 *     stays at most its token's 5 minutes, plus however long listeners take, plus any downtime.</li>
 * <li>{@value #DEAD_LETTER}: append-only and never trimmed by us: entries that expired unverified or
 *     were abandoned, reconciliations a listener failed to take, and counts of fail-open requests
 *     the full ledger could not record. Without tokens. Rotate or archive it like a log.</li>
 * <li>{@value #LOCK}: locked while a verifier uses the directory, so two never share one journal.</li>
 * </ul>
 * Neither file ever holds the secret. The journal holds tokens (single-use, worthless after 5
 * minutes); both hold request paths and client addresses, which may be personal data. The files are
 * created readable by their owner only (on POSIX file systems); protect the directory like an access log.
 */
final class LedgerJournal implements AutoCloseable {

    static final String JOURNAL = "playtcha-ledger.jsonl";
    static final String DEAD_LETTER = "playtcha-dead-letter.jsonl";
    static final String LOCK = "playtcha-ledger.lock";

    /** Past this size the journal is rewritten with only its open entries, even while some are open. */
    static final long REWRITE_OVER_BYTES = 8L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(LedgerJournal.class.getName());

    private final Path directory;
    private final JsonProvider json;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Appends by stream, not by channel: a channel closes for good when a writing thread is interrupted. */
    private FileOutputStream journal;
    private FileOutputStream deadLetter;

    /**
     * What replay found: an entry not yet reported, whether the ledger ever posted its token, and
     * its outcome when it was settled.
     */
    record Open(LedgerEntry entry, boolean posted, Reconciliation settled) {
    }

    private LedgerJournal(Path directory, JsonProvider json, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.json = json;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (and if need be creates) the directory and locks it.
     *
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when the directory
     *                                 cannot be created or written, or another verifier holds it
     */
    static LedgerJournal open(Path directory, JsonProvider json) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(ownerOnly(directory.resolve(LOCK)), StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "'" + directory
                        + "' is in use by another Playtcha verifier (its " + LOCK + " is locked); give each application, "
                        + "and each verifier with its own secret or api-url, a directory of its own");
            }
            LedgerJournal opened = new LedgerJournal(directory, json, lockChannel, lock);
            opened.deadLetter = append(directory.resolve(DEAD_LETTER));
            opened.journal = append(directory.resolve(JOURNAL));
            return opened;
        } catch (IOException e) {
            if (lockChannel != null) {
                try {
                    lockChannel.close();
                } catch (IOException ignored) {
                    // reporting the first failure
                }
            }
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "'" + directory
                    + "' cannot be used as the ledger's directory (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); it must be a directory the application server may create files in, like /var/lib/myapp/playtcha");
        }
    }

    private static FileOutputStream append(Path file) throws IOException {
        return new FileOutputStream(ownerOnly(file).toFile(), true);
    }

    /** Creates the file if need be, readable and writable by its owner only where the file system can say so. */
    private static Path ownerOnly(Path file) throws IOException {
        if (Files.notExists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created meanwhile: fine
            }
        }
        return file;
    }

    /**
     * Reads the journal and rewrites it with the entries not yet reported, in the order they were
     * recorded. A line that cannot be read (torn by a crash) is skipped with a warning.
     */
    synchronized List<Open> replay() throws IOException {
        Map<String, LedgerEntry> entries = new LinkedHashMap<>();
        Map<String, Reconciliation> settled = new LinkedHashMap<>();
        java.util.Set<String> posted = new java.util.HashSet<>();
        Path file = directory.resolve(JOURNAL);
        int skipped = 0;
        String text;
        try {
            // Decoded leniently: a line torn inside a multi-byte character must not stop the replay.
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            text = ""; // first start
        }
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
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
        if (skipped > 0) {
            LOG.log(Level.WARNING, "Playtcha ledger journal: skipped {0} unreadable line(s) (a write cut short by a crash?) [file={1}]",
                    skipped, file);
        }
        List<Open> open = new ArrayList<>();
        entries.forEach((id, entry) -> open.add(new Open(entry, posted.contains(id), settled.get(id))));
        rewrite(open);
        return open;
    }

    /**
     * Replaces the journal with these open entries: written to a new file, forced, then moved over
     * the old one. Also the repair after a failed append, which may have left half a line.
     */
    synchronized void rewrite(List<Open> open) throws IOException {
        Path file = directory.resolve(JOURNAL);
        Path next = directory.resolve(JOURNAL + ".next");
        Files.deleteIfExists(next);
        try (FileOutputStream out = append(next)) {
            for (Open o : open) {
                write(out, recordedLine(o.entry()));
                if (o.posted()) {
                    write(out, postingLine(o.entry().id()));
                }
                if (o.settled() != null) {
                    write(out, settledLine(o.settled()));
                }
            }
            out.getFD().sync();
        }
        try {
            journal.close();
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            journal = append(file); // the old file when the move failed: appending goes on either way
        }
    }

    /** Empties the journal: nothing in it is open any more. Only the ledger's own thread calls this. */
    synchronized void clear() throws IOException {
        journal.getChannel().truncate(0);
    }

    synchronized long size() throws IOException {
        return Files.size(directory.resolve(JOURNAL));
    }

    synchronized void recorded(LedgerEntry entry) throws IOException {
        write(journal, recordedLine(entry));
    }

    /**
     * Notes that the ledger is about to post this entry's token itself, before it does: a later 409
     * may then be our own post's doing (its reply lost, or the JVM killed before the answer was
     * journaled), so it is ambiguous, not someone else's replay.
     */
    synchronized void posting(String id) throws IOException {
        write(journal, postingLine(id));
    }

    private String postingLine(String id) {
        return line(g -> g.write("op", "posting").write("id", id));
    }

    synchronized void settled(Reconciliation reconciliation) throws IOException {
        write(journal, settledLine(reconciliation));
    }

    synchronized void reported(String id) throws IOException {
        write(journal, line(g -> g.write("op", "reported").write("id", id)));
    }

    /** Appends to the dead-letter file: the entry, its outcome and why it is here. */
    synchronized void deadLetter(Reconciliation reconciliation, String reason) throws IOException {
        LedgerEntry e = reconciliation.entry();
        write(deadLetter, line(g -> {
            g.write("id", e.id()).write("time", e.time().toString());
            put(g, "path", e.path());
            put(g, "remote", e.remoteAddress());
            g.write("cause", e.cause()).write("outcome", reconciliation.outcome().toString());
            put(g, "code", reconciliation.code());
            g.write("reason", reason).write("settled", reconciliation.time().toString());
        }));
    }

    /** Appends to the dead-letter file: how many fail-open requests went unrecorded, between when and when, and why. */
    synchronized void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) throws IOException {
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
                g.write("result", result.outcome());
                put(g, "code", result.errorCode());
                put(g, "request_id", result.requestId());
                g.write("degraded", result.degraded());
                if (result instanceof VerificationResult.Rejected rejected) {
                    put(g, "message", rejected.message());
                    g.write("status", rejected.httpStatus());
                } else if (result instanceof VerificationResult.Unavailable unavailable) {
                    put(g, "message", unavailable.message());
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

    private static void put(JsonGenerator generator, String name, String value) {
        if (value != null) {
            generator.write(name, value);
        }
    }

    /** One line, one write call, no buffer of ours: once this returns the line is the operating system's. */
    private static void write(FileOutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
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
