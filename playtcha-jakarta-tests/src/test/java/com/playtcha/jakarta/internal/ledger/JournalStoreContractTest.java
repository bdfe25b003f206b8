package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.spi.store.LedgerStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.io.TempDir;

/** The ledger store contract on the journal, in a directory of its own; its writes fail while its files are {@code /dev/full}. */
class JournalStoreContractTest extends LedgerStoreContract {

    private static final Path DEV_FULL = Path.of("/dev/full");

    @TempDir
    Path dir;
    private volatile boolean full;

    @Override
    protected LedgerStore open() {
        // Every file the journal appends to is /dev/full while "the disk is full": each write fails with ENOSPC.
        return JournalStore.open(dir, 100, clock, file -> full ? FileChannel.open(DEV_FULL, StandardOpenOption.WRITE)
                : LedgerDirectory.FILES.append(file));
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Override
    protected String deadLetter(String id) throws IOException {
        return Files.readAllLines(dir.resolve(JournalStore.DEAD_LETTER)).stream().filter(l -> l.contains("\"id\":\"" + id + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter of " + id));
    }

    @Override
    protected boolean breakWrites() {
        full = Files.isWritable(DEV_FULL);
        return full;
    }

    @Override
    protected void repairWrites() {
        full = false;
    }
}
