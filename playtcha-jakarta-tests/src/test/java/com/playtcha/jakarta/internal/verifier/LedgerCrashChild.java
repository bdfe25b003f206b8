package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The application JVM that {@link LedgerCrashTest} kills while its ledger is busy. It fails open on
 * the tokens listed in a file (none on a restart), then lets the ledger reconcile and prints each
 * reconciliation from its listener.
 *
 * <p>Arguments: api-url, secret, ledger directory, tokens file or {@code -}, timeout in ms, and
 * the breaker's failure threshold (300 ms cool-down, 1 probe), or 0 for no breaker. A line of the
 * tokens file is a token, or a token and {@code circuit_open}: that token is verified again until
 * the open breaker answers for it, so its entry's cause is {@code circuit_open}.
 *
 * <p>Prints, one line each, flushed at once:
 * <ul>
 * <li>{@code RECORDED <id> <token> <cause>} per entry recorded, then {@code READY};</li>
 * <li>{@code REPORTED <id> <outcome>} from the listener, as the last thing it does before it returns:
 *     each such line is the claim that the listener returned for that entry;</li>
 * <li>{@code CLOSED} after a {@code CLOSE} line on stdin closed the verifier; then it exits.</li>
 * </ul>
 * A {@code GO} line on stdin (the parent has ended the outage) changes nothing here: the ledger runs
 * on its own threads from the start. Otherwise the child runs until it is killed.
 */
public final class LedgerCrashChild {

    static final String READY = "READY";
    static final String CLOSED = "CLOSED";

    private LedgerCrashChild() {
    }

    public static void main(String[] args) throws IOException {
        PlaytchaSettings settings = PlaytchaSettings.builder(args[1]).apiUrl(URI.create(args[0]))
                .timeout(Duration.ofMillis(Long.parseLong(args[4])))
                .breaker(breaker(Integer.parseInt(args[5])))
                .ledgerDirectory(Path.of(args[2]))
                .build();
        PlaytchaListener printer = new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                say("REPORTED " + r.entry().id() + " " + r.outcome().name());
            }
        };
        ComposedVerifier verifier = TestVerifiers.of(settings).listeners(printer).build();
        List<String> lines = args[3].equals("-") ? List.of() : Files.readAllLines(Path.of(args[3]));
        for (String line : lines) {
            String[] parts = line.split(" ");
            String token = parts[0];
            boolean wantOpen = parts.length > 1 && parts[1].equals(VerificationResult.CIRCUIT_OPEN);
            // Asked first (a decision would record the token, and refuse it the second time): the
            // outage's post of this token opens the breaker, then the open breaker answers for it.
            String asked = null;
            for (int tries = 0; wantOpen && !VerificationResult.CIRCUIT_OPEN.equals(asked) && tries < 3; tries++) {
                asked = verifier.ask(token).errorCode();
            }
            Verification v = verifier.verify(token, null, "/signup"); // no address: no budget
            LedgerEntry entry = v.ledgerEntry();
            say("RECORDED " + (entry == null ? "none " + token + " " + v.result() : entry.id() + " " + token + " " + entry.cause()));
        }
        say(READY);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            if (command.equals("CLOSE")) {
                verifier.close();
                say(CLOSED);
                return;
            }
        }
        // stdin closed without CLOSE: the parent is gone; so is this JVM, without closing anything
    }

    private static PlaytchaSettings.Breaker breaker(int failures) {
        return new PlaytchaSettings.Breaker(failures > 0, Math.max(1, failures), Duration.ofMillis(300), 1);
    }

    /** One write of the whole line, flushed: a kill leaves either the line or (rarely) a torn tail, never a reordering. */
    private static void say(String line) {
        synchronized (System.out) {
            System.out.print(line + "\n");
            System.out.flush();
        }
    }
}
