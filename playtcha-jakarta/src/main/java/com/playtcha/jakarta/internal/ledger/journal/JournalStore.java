package com.playtcha.jakarta.internal.ledger.journal;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.ledger.LocalStore;
import com.playtcha.jakarta.internal.ledger.StoredEntry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The durable {@link LocalStore}: an append-only journal of JSON lines in
 * {@code playtcha.ledger.directory}, and the dead-letter file next to it.
 *
 * <p>Files in the directory:
 * <ul>
 * <li>{@value #JOURNAL}: one line when an entry is recorded, one before each post of its token by
 *     the ledger (the replay needs only the first), one when its outcome is settled, one when listeners were told ({@link JournalCodec}),
 *     each written before the call returns, so it survives the JVM dying. On start the journal is
 *     replayed ({@link JournalReplay}) and rewritten with only the entries not yet reported, which
 *     also drops a line torn by a crash; while running it is emptied whenever no entry is open, and
 *     rewritten from memory when it has doubled (at least {@value #REWRITE_OVER_BYTES} bytes). An
 *     entry thus stays at most its token's 5 minutes, plus however long listeners take, plus any
 *     downtime.</li>
 * <li>{@value #DEAD_LETTER}: append-only and never trimmed by us: entries that expired unverified,
 *     reconciliations a listener failed to take, and counts of fail-open requests the full ledger
 *     could not record. Without tokens. Rotate or archive it like a log.</li>
 * <li>{@value #LOCK}: locked while a verifier uses the directory, so two never share one journal.</li>
 * </ul>
 * Neither file ever holds the secret. The journal holds tokens (single-use, worthless after 5
 * minutes); both hold request paths and client addresses, which may be personal data. The directory
 * is not trusted: see {@link LedgerDirectory}.
 *
 * <p>A write that fails (a full disk) never stops a request: the entry stays in the ledger's memory,
 * the journal is marked for a rewrite from memory at the next pass that can write it, and a failed
 * dead letter becomes a WARNING line. A run of failures is logged once at ERROR when it starts and
 * once at INFO when writing works again ({@link FailingWrites}), not once per request.
 */
public final class JournalStore implements LocalStore {

    public static final String JOURNAL = "playtcha-ledger.jsonl";
    public static final String NEXT = JOURNAL + ".next";
    public static final String DEAD_LETTER = "playtcha-dead-letter.jsonl";
    public static final String LOCK = "playtcha-ledger.lock";
    /** Past this size the journal is rewritten with only its open entries, even while some are open. */
    static final long REWRITE_OVER_BYTES = 8L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(JournalStore.class.getName());
    private static final String UNWRITABLE = "the fail-open ledger's journal in playtcha.ledger.directory cannot "
            + "be written (full disk, permissions): entries are kept in memory only";

    private final LedgerJournal journal;
    private final int capacity;
    private final FailingWrites journalWrites;
    private final FailingWrites deadLetterWrites;
    /** An append failed: the journal may hold half a line, or miss one. Guarded by {@code this}, as is {@link #rewriteOver}. */
    private boolean dirty;
    private long rewriteOver = REWRITE_OVER_BYTES;

    JournalStore(LedgerJournal journal, int capacity, Clock clock) {
        this.journal = journal;
        this.capacity = capacity;
        journalWrites = new FailingWrites(LOG, clock, "journal", journal,
                "requests go on, their entries are kept in memory and the journal is rewritten from memory once it can be");
        deadLetterWrites = new FailingWrites(LOG, clock, "dead-letter file", journal, "its lines are logged at WARNING instead");
    }

    /**
     * Opens (and if need be creates) the directory and locks it.
     *
     * @param capacity the ledger's capacity, which bounds the journal replay reads ({@link JournalReplay#replayLimit})
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when the directory
     *                                 cannot be used or another verifier holds it
     */
    public static JournalStore open(Path directory, int capacity, Clock clock) {
        return new JournalStore(LedgerJournal.open(directory, LedgerDirectory.FILES), capacity, clock);
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** The journal's run of failed writes; the dead-letter file's failures only change where its lines go. */
    @Override
    public Unwritable unwritable() {
        return journalWrites.unwritable(UNWRITABLE);
    }

    @Override
    public List<StoredEntry> replay() {
        try {
            return journal.replay(capacity);
        } catch (RefusedFileException e) {
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, e.getMessage());
        } catch (IOException e) {
            throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "the journal in " + journal
                    + " cannot be read or rewritten (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    @Override
    public void recorded(LedgerEntry entry) {
        append(entry.id(), () -> journal.recorded(entry));
    }

    @Override
    public void posting(String id) {
        append(id, () -> journal.posting(id)); // when it fails, the rewrite from memory carries the mark
    }

    @Override
    public void settled(Reconciliation reconciliation) {
        append(reconciliation.entry().id(), () -> journal.settled(reconciliation));
    }

    @Override
    public void reported(String id) {
        append(id, () -> journal.reported(id));
    }

    /** One append to the journal. */
    private interface Append {
        void run() throws IOException;
    }

    private void append(String id, Append append) {
        try {
            append.run();
            journalWrites.succeeded();
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            journalWrites.failed(e, "id=" + id);
        }
    }

    @Override
    public void deadLetter(Reconciliation r, String reason) {
        try {
            journal.deadLetter(r, reason);
            deadLetterWrites.succeeded();
        } catch (IOException e) {
            deadLetterWrites.failed(e, "id=" + r.entry().id());
            LOG.log(Level.WARNING, "Playtcha ledger dead letter (not written to its file): {0} "
                    + "[id={1}, path={2}, remote={3}, cause={4}, outcome={5}]",
                    reason, r.entry().id(), r.entry().path(), r.entry().remoteAddress(), r.entry().cause(), r.outcome());
        }
    }

    @Override
    public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) {
        try {
            journal.deadLetterUnrecorded(count, first, last, reason);
            deadLetterWrites.succeeded();
        } catch (IOException e) {
            deadLetterWrites.failed(e, "unrecorded=" + count); // the ledger's WARNING has said it
        }
    }

    /**
     * Empties the journal when nothing is open; rewrites it from memory after a failed append, or
     * when it has grown to twice its size after the last rewrite (at least
     * {@value #REWRITE_OVER_BYTES} bytes), so a large but live journal is not rewritten every pass.
     */
    @Override
    public synchronized void compact(int open, Supplier<List<StoredEntry>> entries) {
        try {
            if (open == 0 && !dirty) {
                if (journal.size() > 0) {
                    journal.clear();
                }
            } else if (dirty || journal.size() > rewriteOver) {
                journal.rewrite(entries.get());
                dirty = false;
                rewriteOver = Math.max(REWRITE_OVER_BYTES, 2 * journal.size());
                journalWrites.succeeded();
            }
        } catch (IOException e) {
            dirty = true; // retried after the next pass; logged with the run of failed writes it belongs to
            journalWrites.failed(e, "rewrite");
        }
    }

    @Override
    public void close() {
        journal.close();
    }

    @Override
    public String toString() {
        return journal.toString();
    }
}
