package com.playtcha.examples.cli;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides requests in the situations a form meets (a good token, a replay, an expired one, Playtcha
 * down or hanging) against a local Playtcha simulator, each with the verifier's one call, and prints
 * what the verifier found and what a fail-open form did and a fail-closed form would do. Run it with
 * the README's demo command.
 *
 * <p>The verifier logs through {@code java.util.logging} (logger {@code com.playtcha}), to stderr by
 * default, which a terminal would mix into the table. So while the table prints, those records are
 * held, and they follow the table: the lines an operator would see in the server log.
 */
public final class VerifierDemo {

    /** The parent of every logger the library uses. */
    static final String LIBRARY_LOGGER = "com.playtcha";

    private static final Policy FAIL_OPEN = new Policy(Mode.ENFORCE, FailMode.OPEN, 403);
    private static final Policy FAIL_CLOSED = new Policy(Mode.ENFORCE, FailMode.CLOSED, 403);
    /** Where the demo's requests come from, and where they go. */
    private static final String CLIENT = "127.0.0.1";
    private static final String PATH = "/demo/signup";

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
        situations.put("Playtcha hangs (3s budget)", sim -> {
            sim.injectOnce(Fault.hang());
            return sim.mintToken();
        });

        Map<String, VerificationResult> results = new LinkedHashMap<>();
        HeldLog log = HeldLog.hold(LIBRARY_LOGGER);
        try (log; PlaytchaSimulator sim = PlaytchaSimulator.start();
                // The library's timeout (3 s); a lease of a second, as the first exchange of a cold JVM on a busy
                // machine may wait past the default 250 ms for its connection and would show "unavailable".
                PlaytchaVerifier verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(sim.secret())
                        .apiUrl(sim.url()).leaseTimeout(Duration.ofSeconds(1)).build())) {
            out.printf("Playtcha simulator at %s%n%n", sim.verifyUrl());
            out.printf("%-30s %-12s %-18s %-10s %-18s %-18s%n", "situation", "outcome", "code", "took",
                    "fail-open form", "fail-closed form");
            String replayed = null;
            for (Map.Entry<String, Function<PlaytchaSimulator, String>> situation : situations.entrySet()) {
                sim.degradedAfter(-1);
                String token = situation.getValue().apply(sim);
                if (situation.getKey().startsWith("same token")) {
                    verifier.verify(token, CLIENT, PATH, FAIL_OPEN); // the first request with it, verified
                    replayed = token;
                }
                // One call decides the request: here under the fail-open policy; the fail-closed column
                // is what the same result would have got under the other one.
                Verification v = verifier.verify(replayed != null ? replayed : token, CLIENT, PATH, FAIL_OPEN);
                VerificationResult result = v.result();
                replayed = null;
                results.put(situation.getKey(), result);
                out.printf("%-30s %-12s %-18s %-10s %-18s %-18s%n", situation.getKey(), result.outcome(),
                        result.errorCode() == null ? (result.degraded() ? "(degraded)" : "-") : result.errorCode(),
                        v.duration().toMillis() + " ms", describe(v.decision()), describe(Decision.of(result, FAIL_CLOSED)));
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
