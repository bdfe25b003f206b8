package com.playtcha.jakarta.internal.verifier;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The application JVM that {@link LedgerKillTest} kills: verifies the tokens listed in a file
 * during an outage, fails open on each, prints every ledger id, then waits to be killed.
 *
 * <p>Arguments: api-url, secret, ledger directory, tokens file (one per line).
 */
public final class LedgerChild {

    static final String READY = "READY";

    private LedgerChild() {
    }

    public static void main(String[] args) throws IOException {
        PlaytchaSettings settings = PlaytchaSettings.builder(args[1]).apiUrl(URI.create(args[0]))
                .timeout(java.time.Duration.ofSeconds(1))
                .ledgerDirectory(Path.of(args[2]))
                .clientBudgetEnabled(false) // every request comes from one address here
                .build();
        List<String> tokens = Files.readAllLines(Path.of(args[3]));
        PlaytchaVerifier verifier = PlaytchaVerifier.create(settings); // never closed: this JVM is killed
        for (String token : tokens) {
            Verification v = verifier.verify(token, "198.51.100.9", "/signup");
            LedgerEntry entry = v.ledgerEntry();
            System.out.println("RECORDED " + (entry == null ? "none " + v.result().outcome() : entry.id() + " " + token));
        }
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for kill -9
        }
    }
}
