package com.playtcha.examples.cli;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Verifies tokens in the situations a form meets (a good token, a replay, an expired one, Playtcha
 * down or hanging) against a local Playtcha simulator, and prints what the verifier found and what a
 * fail-open and a fail-closed form would do. Run it with the README's demo command.
 *
 * <p>The verifier logs through {@code java.util.logging} (logger {@code com.playtcha}), to stderr by
 * default, which a terminal would mix into the table. So while the table prints, those records are
 * held, and they follow the table: the lines an operator would see in the server log.
 */
public final class VerifierDemo {

    /** The parent of every logger the library uses. */
    static final String LIBRARY_LOGGER = "com.playtcha";

    private VerifierDemo() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs every situation and prints one row each; returns the results by situation. */
    public static Map<String, VerificationResult> run(PrintStream out) {
        Map<String, Function<PlaytchaSimulator, String>> situations = new LinkedHashMap<>();
        situations.put("valid token", PlaytchaSimulator::mintToken);
        situations.put("same token again (replay)", sim -> {
            String token = sim.mintToken();
            sim.injectOnce(Fault.delay(Duration.ofMillis(1)));
            return token;
        });
        situations.put("token older than 5 minutes", PlaytchaSimulator::mintExpiredToken);
        situations.put("token Playtcha never issued", sim -> "ptk_forged_0000");
        situations.put("no token in the form", sim -> null);
        situations.put("quota used up (degraded)", sim -> {
            sim.degradedAfter(0);
            return sim.mintToken();
        });
        situations.put("Playtcha answers 500", sim -> {
            sim.injectOnce(Fault.serverError(500, "db_error"));
            return sim.mintToken();
        });
        situations.put("Playtcha hangs (1s budget)", sim -> {
            sim.injectOnce(Fault.hang());
            return sim.mintToken();
        });

        Map<String, VerificationResult> results = new LinkedHashMap<>();
        HeldLog log = HeldLog.hold(LIBRARY_LOGGER);
        try (log; PlaytchaSimulator sim = PlaytchaSimulator.start();
                PlaytchaVerifier verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret())
                        .apiUrl(sim.url()).timeout(Duration.ofSeconds(1)).build())) {
            out.printf("Playtcha simulator at %s%n%n", sim.verifyUrl());
            out.printf("%-30s %-12s %-18s %-10s %-18s %-18s%n", "situation", "outcome", "code", "took",
                    "fail-open form", "fail-closed form");
            String replayed = null;
            for (Map.Entry<String, Function<PlaytchaSimulator, String>> situation : situations.entrySet()) {
                sim.degradedAfter(-1);
                String token = situation.getValue().apply(sim);
                if (situation.getKey().startsWith("same token")) {
                    verifier.verify(token);
                    replayed = token;
                }
                long start = System.nanoTime();
                VerificationResult result = verifier.verify(replayed != null ? replayed : token);
                long millis = (System.nanoTime() - start) / 1_000_000;
                replayed = null;
                results.put(situation.getKey(), result);
                out.printf("%-30s %-12s %-18s %-10s %-18s %-18s%n", situation.getKey(), result.outcome(),
                        result.errorCode() == null ? (result.degraded() ? "(degraded)" : "-") : result.errorCode(),
                        millis + " ms", describe(Decision.of(result, FailMode.OPEN,
                                com.playtcha.jakarta.core.Mode.ENFORCE, 403)),
                        describe(Decision.of(result, FailMode.CLOSED, com.playtcha.jakarta.core.Mode.ENFORCE, 403)));
            }
        }
        out.printf("%nWhat the verifier logged meanwhile (java.util.logging, logger %s):%n", LIBRARY_LOGGER);
        log.lines().forEach(line -> out.println("  " + line));
        return results;
    }

    private static String describe(Decision decision) {
        if (decision.failedOpen()) {
            return "pass (failed open)";
        }
        return decision.proceeds() ? "pass" : "block " + decision.status();
    }
}
