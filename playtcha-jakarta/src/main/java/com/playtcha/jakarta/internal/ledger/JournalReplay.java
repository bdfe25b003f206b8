package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.StoredEntry;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a journal back line by line, a line over {@value JournalCodec#MAX_LINE_BYTES} bytes skipped
 * with a WARNING, a journal over {@link #replayLimit} refused; at most {@code capacity} open entries
 * kept, the rest counted and dead-lettered.
 */
final class JournalReplay {

    /** The smallest journal replay refuses to read, whatever the capacity. */
    static final long MIN_REPLAY_LIMIT = 64L * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(JournalReplay.class.getName());

    private final JournalCodec codec;
    private final int capacity;
    private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();
    private final Map<String, Reconciliation> settled = new LinkedHashMap<>();
    private final Set<String> posted = new HashSet<>();
    private int skipped;
    /** Entries passed over for want of room, recorded between {@link #first} and {@link #last}. */
    long passedOver;
    Instant first;
    Instant last;

    private JournalReplay(JournalCodec codec, int capacity) {
        this.codec = codec;
        this.capacity = capacity;
    }

    /** The largest journal replay reads ({@code capacity} x 2 x the line bound, at least the minimum): no larger is the ledger's. */
    static long replayLimit(int capacity) {
        return Math.max(MIN_REPLAY_LIMIT, capacity * 2L * JournalCodec.MAX_LINE_BYTES);
    }

    /**
     * The journal read back, or {@code null} when there is none or it is empty (nothing to rewrite).
     *
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when the journal is
     *                                 over {@link #replayLimit(int)}
     */
    static JournalReplay read(Path file, int capacity, JournalCodec codec) throws IOException {
        long limit = replayLimit(capacity);
        JournalReplay replay = new JournalReplay(codec, capacity);
        LedgerDirectory.refuseUnlessRegular(file);
        long read;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size(); // of what was opened, not of whatever the name points at by now
            if (size > limit) {
                throw tooLarge(file, size, limit, capacity);
            }
            read = replay.readLines(Channels.newInputStream(in), limit);
            if (read > limit) {
                throw tooLarge(file, read, limit, capacity); // it grew while we read it
            }
        } catch (NoSuchFileException none) {
            read = 0; // not created where the storage is not the file system (a test's full disk)
        }
        if (read == 0) {
            return null;
        }
        if (replay.skipped > 0) {
            LOG.log(Level.WARNING, "Playtcha ledger journal: skipped {0} unreadable line(s) (a write cut short by a crash, "
                    + "or over {1} bytes) [file={2}]", replay.skipped, JournalCodec.MAX_LINE_BYTES, file);
        }
        return replay;
    }

    /** The entries not yet reported, in the order recorded. */
    List<StoredEntry> open() {
        List<StoredEntry> open = new ArrayList<>();
        entries.forEach((id, entry) -> open.add(new StoredEntry(entry, posted.contains(id), settled.get(id), 0)));
        return open;
    }

    private static InvalidSettingException tooLarge(Path file, long size, long limit, int capacity) {
        return new InvalidSettingException(Setting.LEDGER_DIRECTORY, "the journal '" + file + "' is " + size
                + " bytes, more than the " + limit + " bytes (" + (limit >> 20) + " MiB) that a ledger of "
                + Setting.LEDGER_CAPACITY.key() + "=" + capacity + " ever writes, so it is not read: it is not the "
                + "ledger's own or was damaged. Move it out of the directory and start again (its entries are then not "
                + "reconciled; it may hold tokens, so keep it private or delete it)");
    }

    /** Takes each line, a longer one passed over and counted as skipped; stops past {@code limit} bytes, returns those read. */
    private long readLines(InputStream in, long limit) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        byte[] line = new byte[JournalCodec.MAX_LINE_BYTES];
        int length = 0;
        boolean overlong = false;
        long read = 0;
        for (int n = in.read(chunk); n != -1 && read <= limit; n = in.read(chunk)) {
            read += n;
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    line(overlong ? null : line, length);
                    length = 0;
                    overlong = false;
                } else if (length < line.length) {
                    line[length++] = b;
                } else {
                    overlong = true;
                }
            }
        }
        line(overlong ? null : line, length);
        return read;
    }

    /** One line's bytes, or {@code null} for a line too long to keep. */
    private void line(byte[] bytes, int length) {
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
            apply(codec.parse(line));
        } catch (JsonException | ClassCastException | NullPointerException | IllegalArgumentException
                | DateTimeParseException e) {
            skipped++;
        }
    }

    private void apply(JsonObject record) {
        String id = record.getString("id");
        switch (record.getString("op")) {
            case "recorded" -> recorded(id, JournalCodec.entry(record));
            case "posting" -> {
                if (entries.containsKey(id)) {
                    posted.add(id);
                }
            }
            case "settled" -> {
                LedgerEntry entry = entries.get(id);
                if (entry != null) {
                    settled.put(id, JournalCodec.reconciliation(entry, record));
                }
            }
            case "reported" -> {
                entries.remove(id);
                settled.remove(id);
                posted.remove(id);
            }
            default -> skipped++;
        }
    }

    /** Keeps the entry while fewer than {@code capacity} are open; counts it otherwise. */
    private void recorded(String id, LedgerEntry entry) {
        if (entries.size() < capacity || entries.containsKey(id)) {
            entries.put(id, entry);
            return;
        }
        passedOver++;
        if (first == null || entry.time().isBefore(first)) {
            first = entry.time();
        }
        if (last == null || entry.time().isAfter(last)) {
            last = entry.time();
        }
    }
}
