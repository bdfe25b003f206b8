package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.testpostgres.TestNaming;
import com.playtcha.jakarta.testpostgres.TestPostgres;
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
 * One node of {@link SharedLedgerTest}: an application JVM whose ledger is the database, found by
 * its JNDI name as in a container. It fails open on the tokens listed in a file (none: {@code -}),
 * then lets its ledger reconcile, and prints each reconciliation from its listener.
 *
 * <p>Arguments: api-url, secret, JDBC URL, tokens file or {@code -}, lease in ms. Prints, one
 * flushed line each: {@code RECORDED <id>} per entry, then {@code READY}; {@code REPORTED <id>
 * <outcome>} as the last thing its listener does; {@code CLOSED} after a {@code CLOSE} line on stdin
 * closed the verifier.
 */
public final class SharedLedgerChild {

    static final String JNDI = "java:comp/env/jdbc/ledger";

    private SharedLedgerChild() {
    }

    public static void main(String[] args) throws IOException {
        TestNaming.bind(JNDI, TestPostgres.pool(args[2], 4));
        PlaytchaSettings settings = PlaytchaSettings.builder(args[1]).apiUrl(URI.create(args[0]))
                .timeout(Duration.ofSeconds(1)).breaker(new PlaytchaSettings.Breaker(true, 1, Duration.ofMillis(300), 1))
                .ledgerDataSource(JNDI).ledgerLease(Duration.ofMillis(Long.parseLong(args[4]))).build();
        PlaytchaVerifier verifier = PlaytchaVerifier.create(settings, new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                say("REPORTED " + r.entry().id() + " " + r.outcome().name());
            }
        });
        List<String> tokens = args[3].equals("-") ? List.of() : Files.readAllLines(Path.of(args[3]));
        for (String token : tokens) {
            Verification v = verifier.verify(token, null, "/signup", Policy.of(settings)); // no address: no budget
            say("RECORDED " + (v.ledgerEntry() == null ? "none " + v.result() : v.ledgerEntry().id()));
        }
        say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            if (command.equals("CLOSE")) {
                verifier.close();
                say("CLOSED");
                System.exit(0);
            }
        }
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.print(line + "\n");
            System.out.flush();
        }
    }
}
