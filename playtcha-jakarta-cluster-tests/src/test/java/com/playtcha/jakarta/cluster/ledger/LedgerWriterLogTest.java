package com.playtcha.jakarta.cluster.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.internal.ledger.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A failover hands back hundreds of entries held on this node whose tokens another node let through too (issue 87:
 * 458 INFO lines in one run): each is reported anyway, so the log says it at most once per 10 s of each outcome,
 * with the count since (this entry's included), and each entry between at DEBUG. On the store's clock: no wait.
 */
class LedgerWriterLogTest {

    @Test
    void hundredsOfTokensPassedTwice_writeOneInfoPerTenSecondsOfEachOutcome_withTheCount() {
        ManualClock clock = new ManualClock();
        Logger log = Logger.getLogger(LedgerWriter.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level was = log.getLevel();
        log.setLevel(Level.ALL);
        log.addHandler(handler);
        LedgerWriter writer = new LedgerWriter("test store", clock, "playtcha-writer-log");
        try {
            for (int i = 0; i < 458; i++) {
                writer.taken("entry-" + i, "token-" + i, false);
            }
            writer.taken("ambiguous-0", "token-a", true);
            clock.advance(Duration.ofSeconds(10));
            writer.taken("entry-458", "token-458", false);

            List<LogRecord> info = records.stream().filter(r -> r.getLevel() == Level.INFO).toList();
            assertEquals(3, info.size(), "the first of each outcome, then one 10 s later");
            assertEquals(List.of(1L, 1L, 458L), info.stream().map(r -> (Long) r.getParameters()[5]).toList(),
                    "each line's count: its entry and those since the last such line");
            assertEquals(457, records.stream().filter(r -> r.getLevel() == Level.FINE).count(), "the others, at DEBUG");
            assertEquals(460, writer.refused().size(), "every entry handed back to be reported");
        } finally {
            writer.close(Duration.ZERO);
            log.removeHandler(handler);
            log.setLevel(was);
        }
    }
}
