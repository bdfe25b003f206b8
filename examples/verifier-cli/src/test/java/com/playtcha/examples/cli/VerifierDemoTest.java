package com.playtcha.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.VerificationResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
        assertEquals("timeout", results.get("Playtcha hangs (1s budget)").errorCode());
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("pass (failed open)") && printed.contains("block 503") && printed.contains("block 403"),
                printed);
    }
}
