package com.playtcha.jakarta.internal.ledger.journal;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.ledger.StoredEntry;
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

/**
 * The open files of a ledger directory ({@link LedgerDirectory}): the journal being appended to,
 * the dead-letter file, and the lock that keeps the directory to one verifier. Each line
 * ({@link JournalCodec}) is written with a single {@code write}, no buffer of ours, before the call
 * returns: it survives the JVM dying ({@code kill -9}); it is not forced to the disk, so a power
 * loss of the host can lose the last lines. Every method throws what the disk says; the
 * {@link JournalStore} decides what a failure means.
 */
final class LedgerJournal implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LedgerJournal.class.getName());

    private final Path directory;
    private final LedgerDirectory.Storage storage;
    private final FileLock lock;
    private final JournalCodec codec = new JournalCodec();
    private FileChannel journal;
    private FileChannel deadLetter;

    private LedgerJournal(Path directory, LedgerDirectory.Storage storage, FileLock lock) {
        this.directory = directory;
        this.storage = storage;
        this.lock = lock;
    }

    /**
     * Opens (and if need be creates) the directory and locks it; appends to files {@code storage} opens.
     *
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when the directory
     *                                 cannot be created or written, holds a link or a non-regular
     *                                 file under one of the ledger's names, or another verifier holds it
     */
    static LedgerJournal open(Path configured, LedgerDirectory.Storage storage) {
        FileLock lock = null;
        LedgerJournal opened = null;
        try {
            Path directory = LedgerDirectory.real(configured);
            lock = LedgerDirectory.lock(directory, configured);
            opened = new LedgerJournal(directory, storage, lock);
            opened.deadLetter = storage.append(directory.resolve(JournalStore.DEAD_LETTER));
            opened.journal = storage.append(directory.resolve(JournalStore.JOURNAL));
            return opened;
        } catch (RefusedFileException e) {
            closeAfterFailure(opened, lock);
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, e.getMessage());
        } catch (IOException e) {
            closeAfterFailure(opened, lock);
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "'" + configured
                    + "' cannot be used as the ledger's directory (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); it must be a directory the application server may create files in, like /var/lib/myapp/playtcha");
        }
    }

    private static void closeAfterFailure(LedgerJournal opened, FileLock lock) {
        if (opened != null) {
            opened.close();
        } else if (lock != null) {
            try {
                lock.channel().close();
            } catch (IOException ignored) {
                // reporting the first failure
            }
        }
    }

    /**
     * Reads the journal ({@link JournalReplay}) and rewrites it with the entries not yet reported,
     * in the order they were recorded, which also drops lines that could not be read.
     */
    synchronized List<StoredEntry> replay(int capacity) throws IOException {
        JournalReplay.Result replayed = JournalReplay.read(directory.resolve(JournalStore.JOURNAL), capacity, codec).orElse(null);
        if (replayed == null) {
            return List.of(); // nothing to rewrite
        }
        if (replayed.passedOver() > 0) {
            String reason = "the journal held more open entries than playtcha.ledger.capacity=" + capacity
                    + " (not this ledger's own, or the capacity was lowered since): passed over at replay, not reconciled";
            LOG.log(Level.WARNING, "Playtcha ledger: {0} entries between {1} and {2} were not replayed: {3} [{4}]",
                    replayed.passedOver(), replayed.first(), replayed.last(), reason, this);
            write(deadLetter, codec.unrecorded(replayed.passedOver(), replayed.first(), replayed.last(), reason));
        }
        rewrite(replayed.open());
        return replayed.open();
    }

    /**
     * Replaces the journal with these open entries: written to {@value JournalStore#NEXT}, forced,
     * then moved over the old one. Also the repair after a failed append, which may have left half a line.
     *
     * @throws RefusedFileException when {@value JournalStore#NEXT} is a link or not a regular file;
     *                              the journal then keeps its old file
     */
    synchronized void rewrite(List<StoredEntry> open) throws IOException {
        Path file = directory.resolve(JournalStore.JOURNAL);
        Path next = directory.resolve(JournalStore.NEXT);
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

    /** Empties the journal: nothing in it is open any more. */
    synchronized void clear() throws IOException {
        journal.truncate(0);
    }

    /** The size of the file being appended to (not of whatever has its name now). */
    synchronized long size() throws IOException {
        return journal.size();
    }

    synchronized void recorded(LedgerEntry entry) throws IOException {
        write(journal, codec.recorded(entry));
    }

    synchronized void posting(String id) throws IOException {
        write(journal, codec.posting(id));
    }

    synchronized void settled(Reconciliation reconciliation) throws IOException {
        write(journal, codec.settled(reconciliation));
    }

    synchronized void reported(String id) throws IOException {
        write(journal, codec.reported(id));
    }

    synchronized void deadLetter(Reconciliation reconciliation, String reason) throws IOException {
        write(deadLetter, codec.deadLetter(reconciliation, reason));
    }

    synchronized void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) throws IOException {
        write(deadLetter, codec.unrecorded(count, first, last, reason));
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
            closeQuietly(lock.channel());
        }
    }

    private void closeQuietly(Closeable closeable) {
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
