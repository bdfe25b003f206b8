package com.playtcha.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.VerificationResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The demo the README tells a newcomer to run says what the decision table says. */
class VerifierDemoTest {

    @Test
    void demo_printsEverySituation_withTheContractsOutcome() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Map<String, VerificationResult> results = VerifierDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals("verified", results.get("valid token").outcome());
        assertEquals("already_redeemed", results.get("same token again (replay)").errorCode());
        assertEquals("token_expired", results.get("token older than 5 minutes").errorCode());
        assertEquals("token_invalid", results.get("token Playtcha never issued").errorCode());
        assertEquals("missing_token", results.get("no token in the form").errorCode());
        assertTrue(results.get("quota used up (degraded)").degraded());
        assertEquals("db_error", results.get("Playtcha answers 500").errorCode());
        assertEquals("timeout", results.get("Playtcha hangs (3s budget)").errorCode());
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("pass (failed open)") && printed.contains("block 503") && printed.contains("block 403"),
                printed);
    }

    @Test
    void table_isPrintedWhole_andTheVerifiersLogFollowsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<LogRecord> reachedTheConsole = new CopyOnWriteArrayList<>();
        Handler console = new Handler() { // where the root logger's console handler sits
            @Override
            public void publish(LogRecord record) {
                reachedTheConsole.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(console);
        Map<String, VerificationResult> results;
        try {
            results = VerifierDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        } finally {
            root.removeHandler(console);
        }

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("situation ")).findFirst().orElseThrow());
        List<String> rows = lines.subList(header + 1, header + 1 + results.size());
        List<String> situations = List.copyOf(results.keySet());
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith(situations.get(i) + " "), () -> "the table is interrupted:\n" + String.join("\n", lines));
        }
        List<String> after = lines.subList(header + 1 + results.size(), lines.size());
        assertEquals("", after.get(0), "a blank line ends the table");
        assertTrue(after.get(1).startsWith("What the verifier logged"), after::toString);
        assertTrue(after.stream().anyMatch(l -> l.contains("WARNING") && l.contains("code=db_error")), after::toString);
        assertTrue(after.stream().anyMatch(l -> l.contains("code=already_redeemed")), after::toString);
        assertFalse(reachedTheConsole.stream().anyMatch(r -> r.getLoggerName().startsWith(VerifierDemo.LIBRARY_LOGGER)),
                "the verifier's records were held, not passed to the console's handler");
    }
}
