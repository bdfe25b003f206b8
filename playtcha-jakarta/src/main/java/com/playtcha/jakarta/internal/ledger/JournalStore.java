package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The durable {@link LocalStore}: an append-only journal of JSON lines ({@link JournalCodec}) in
 * {@code playtcha.ledger.directory}, each step written before the call returns, replayed on start
 * ({@link JournalReplay}); a failed write never stops a request. Why: design/ledger.md.
 */
final class JournalStore implements LocalStore {

    public static final String JOURNAL = "playtcha-ledger.jsonl";
    public static final String NEXT = JOURNAL + ".next";
    public static final String DEAD_LETTER = "playtcha-dead-letter.jsonl";
    public static final String LOCK = "playtcha-ledger.lock";
    /** Past this size the journal is rewritten with only its open entries, even while some are open. */
    static final long REWRITE_OVER_BYTES = 8L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(JournalStore.class.getName());

    private final Path directory;
    private final LedgerDirectory.Storage storage;
    private final FileLock lock;
    private final int capacity;
    private final JournalCodec codec = new JournalCodec();
    private final FailingWrites journalWrites;
    private final FailingWrites deadLetterWrites;
    /** Guarded by {@code this}, as are the fields below. */
    private FileChannel journal;
    private FileChannel deadLetter;
    /** An append failed: the journal may hold half a line, or miss one. */
    private boolean dirty;
    private long rewriteOver = REWRITE_OVER_BYTES;

    private JournalStore(Path directory, LedgerDirectory.Storage storage, FileLock lock, int capacity, VerifierClock clock) {
        this.directory = directory;
        this.storage = storage;
        this.lock = lock;
        this.capacity = capacity;
        journalWrites = new FailingWrites(LOG, clock, "journal", this,
                "requests go on, their entries are kept in memory and the journal is rewritten from memory once it can be",
                "the fail-open ledger's journal in playtcha.ledger.directory cannot be written (full disk, permissions): "
                        + "entries are kept in memory only");
        deadLetterWrites = new FailingWrites(LOG, clock, "dead-letter file", this,
                "its lines are logged at WARNING instead", null);
    }

    /**
     * Opens (and if need be creates) the directory and locks it; {@code capacity} bounds the replay.
     *
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when it cannot be used or is held
     */
    public static JournalStore open(Path directory, int capacity, VerifierClock clock) {
        return open(directory, capacity, clock, LedgerDirectory.FILES);
    }

    /** @param storage opens the files appended to: the real ones, or a test's full disk */
    static JournalStore open(Path configured, int capacity, VerifierClock clock, LedgerDirectory.Storage storage) {
        FileLock lock = null;
        JournalStore opened = null;
        try {
            Path directory = LedgerDirectory.real(configured);
            lock = LedgerDirectory.lock(directory, configured);
            opened = new JournalStore(directory, storage, lock, capacity, clock);
            opened.deadLetter = storage.append(directory.resolve(DEAD_LETTER));
            opened.journal = storage.append(directory.resolve(JOURNAL));
            return opened;
        } catch (IOException e) {
            if (opened != null) {
                opened.close();
            } else if (lock != null) {
                closeQuietly(lock.channel(), configured);
            }
            throw e instanceof RefusedFileException ? new InvalidSettingException(Setting.LEDGER_DIRECTORY, e.getMessage())
                    : new InvalidSettingException(Setting.LEDGER_DIRECTORY, "'" + configured + "' cannot be used as the "
                    + "ledger's directory (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); it must be a "
                    + "directory the application server may create files in, like /var/lib/myapp/playtcha");
        }
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** The journal's run of failed writes; the dead-letter file's failures only change where its lines go. */
    @Override
    public Unwritable unwritable() {
        return journalWrites.unwritable();
    }

    /** Reads the journal ({@link JournalReplay}) and rewrites it with the entries not yet reported, in order. */
    @Override
    public synchronized List<StoredEntry> replay() {
        try {
            JournalReplay replayed = JournalReplay.read(directory.resolve(JOURNAL), capacity, codec);
            if (replayed == null) {
                return List.of(); // nothing to rewrite
            }
            if (replayed.passedOver > 0) {
                String reason = "the journal held more open entries than playtcha.ledger.capacity=" + capacity
                        + " (not this ledger's own, or the capacity was lowered since): passed over at replay, not reconciled";
                LOG.log(Level.WARNING, "Playtcha ledger: {0} entries between {1} and {2} were not replayed: {3} [{4}]",
                        replayed.passedOver, replayed.first, replayed.last, reason, this);
                write(deadLetter, codec.unrecorded(replayed.passedOver, replayed.first, replayed.last, reason));
            }
            List<StoredEntry> open = replayed.open();
            rewrite(open);
            return open;
        } catch (RefusedFileException e) {
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, e.getMessage());
        } catch (IOException e) {
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "the journal in " + this
                    + " cannot be read or rewritten (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public void recorded(LedgerEntry entry) {
        append(true, codec.recorded(entry), "id=" + entry.id());
    }

    @Override
    public void posting(String id) {
        append(true, codec.posting(id), "id=" + id); // when it fails, the rewrite from memory carries the mark
    }

    @Override
    public void settled(Reconciliation reconciliation) {
        append(true, codec.settled(reconciliation), "id=" + reconciliation.entry().id());
    }

    @Override
    public void reported(String id) {
        append(true, codec.reported(id), "id=" + id);
    }

    @Override
    public void deadLetter(Reconciliation r, String reason) {
        if (!append(false, codec.deadLetter(r, reason), "id=" + r.entry().id())) {
            LOG.log(Level.WARNING, "Playtcha ledger dead letter (not written to its file): {0} "
                    + "[id={1}, path={2}, remote={3}, cause={4}, outcome={5}]",
                    reason, r.entry().id(), r.entry().path(), r.entry().remoteAddress(), r.entry().cause(), r.outcome());
        }
    }

    @Override
    public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) {
        append(false, codec.unrecorded(count, first, last, reason), "unrecorded=" + count); // the ledger's WARNING has said it
    }

    /** One line to the journal or the dead-letter file; whether it was written. */
    private synchronized boolean append(boolean toJournal, String line, String where) {
        FailingWrites writes = toJournal ? journalWrites : deadLetterWrites;
        try {
            write(toJournal ? journal : deadLetter, line);
            writes.succeeded();
            return true;
        } catch (IOException e) {
            dirty |= toJournal;
            writes.failed(e, where);
            return false;
        }
    }

    /** Empties the journal when nothing is open; rewrites it after a failed append, or when it doubled. */
    @Override
    public synchronized void compact(int open, Supplier<List<StoredEntry>> entries) {
        try {
            if (open == 0 && !dirty) {
                if (journal.size() > 0) {
                    journal.truncate(0);
                }
            } else if (dirty || journal.size() > rewriteOver) {
                rewrite(entries.get());
                dirty = false;
                rewriteOver = Math.max(REWRITE_OVER_BYTES, 2 * journal.size());
                journalWrites.succeeded();
            }
        } catch (IOException e) {
            dirty = true; // retried after the next pass; logged with the run of failed writes it belongs to
            journalWrites.failed(e, "rewrite");
        }
    }

    /**
     * Replaces the journal with these open entries: written to {@value #NEXT}, forced, then moved over it.
     *
     * @throws RefusedFileException when {@value #NEXT} is a link or not a regular file (the old file stays)
     */
    synchronized void rewrite(List<StoredEntry> open) throws IOException {
        Path file = directory.resolve(JOURNAL);
        Path next = directory.resolve(NEXT);
        LedgerDirectory.refuseUnlessRegular(next);
        Files.deleteIfExists(next);
        try (FileChannel out = storage.append(next)) {
            for (StoredEntry o : open) {
                write(out, codec.recorded(o.entry()));
                if (o.posted()) {
                    write(out, codec.posting(o.entry().id()));
                }
                if (o.settled() != null) {
                    write(out, codec.settled(o.settled()));
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

    /** One line, one write call, no buffer of ours: once this returns the line is the operating system's. */
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

    /** Releases the files and the lock; never throws. */
    @Override
    public synchronized void close() {
        closeQuietly(journal, directory);
        closeQuietly(deadLetter, directory);
        try {
            lock.release();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha ledger lock was not released cleanly [directory=" + directory + "]", e);
        } finally {
            closeQuietly(lock.channel(), directory);
        }
    }

    private static void closeQuietly(Closeable closeable, Path directory) {
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
        return "JournalStore[" + directory + "]";
    }
}
