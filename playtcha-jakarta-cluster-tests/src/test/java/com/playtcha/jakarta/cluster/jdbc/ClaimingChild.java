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
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One node of {@link ClusterClaimsTest}: an application JVM whose ledger is the database, found by
 * its JNDI name, behind a {@link ControlledDataSource} that the test can make away or hang. It
 * answers commands on stdin, one a line:
 * <ul>
 * <li>{@code POST <n> <token> [<client address>]}: {@code n} concurrent verifies of the token (with no
 *     client address, so no budget, unless one is given), started together; one
 *     {@code DECIDED <proceeds> <code or -> <held locally> <ledger id or ->} line each, then {@code DONE};
 * <li>{@code DB AWAY} (every {@code getConnection} fails at once), {@code DB HANG} (every one waits
 *     for a minute, or until {@code DB BACK}), {@code DB BACK};
 * <li>{@code CLOSE}: closes the verifier, prints {@code CLOSED} and exits.
 * </ul>
 * Its listener prints {@code REPORTED <id> <outcome> <code or ->} for each reconciliation. Arguments:
 * api-url, secret, JDBC URL, lease in ms, {@code hold-locally} or {@code refuse}, and optionally the
 * client budget's burst and per-minute (else the defaults), then {@code playtcha.cluster.timeout} in ms
 * (else the longest, {@link PlaytchaSettings#MAX_CLUSTER_TIMEOUT}: at the default 250 ms, a child JVM's
 * first claim missed its deadline beside other builds, and the node held the token locally).
 * Prints {@code READY} once started.
 */
public final class ClaimingChild {

    static final String JNDI = "java:comp/env/jdbc/claims";

    private ClaimingChild() {
    }

    public static void main(String[] args) throws Exception {
        ControlledDataSource db = new ControlledDataSource(TestPostgres.pool(args[2], 8));
        TestNaming.bind(JNDI, db);
        PlaytchaSettings.Builder builder = PlaytchaSettings.builder(args[1]).apiUrl(URI.create(args[0]))
                .timeout(Duration.ofSeconds(10)).breaker(new PlaytchaSettings.Breaker(true, 1, Duration.ofMillis(300), 1))
                .ledgerDataSource(JNDI).ledgerLease(Duration.ofMillis(Long.parseLong(args[3])))
                .ledgerHoldLocally(args[4].equals("hold-locally"));
        if (args.length > 6) {
            builder.clientBudgetBurst(Integer.parseInt(args[5])).clientBudgetPerMinute(Integer.parseInt(args[6]));
        }
        builder.clusterTimeout(args.length > 7 ? Duration.ofMillis(Long.parseLong(args[7])) : PlaytchaSettings.MAX_CLUSTER_TIMEOUT);
        PlaytchaSettings settings = builder.build();
        PlaytchaVerifier verifier = PlaytchaVerifier.create(settings, new PlaytchaListener() {
            @Override
            public void reconciled(Reconciliation r) {
                say("REPORTED " + r.entry().id() + " " + r.outcome().name() + " "
                        + (r.result() == null || r.result().errorCode() == null ? "-" : r.result().errorCode()));
            }
        });
        ExecutorService posts = Executors.newCachedThreadPool();
        say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            String[] words = command.split(" ");
            switch (words[0]) {
                case "POST" -> post(verifier, settings, posts, Integer.parseInt(words[1]), words[2], words.length > 3 ? words[3] : null);
                case "DB" -> {
                    switch (words[1]) {
                        case "AWAY" -> db.fail("Connection refused: the database is away");
                        case "HANG" -> db.stall(60_000);
                        default -> db.work();
                    }
                    say("DB " + words[1]);
                }
                case "CLOSE" -> {
                    verifier.close();
                    say("CLOSED");
                    System.exit(0);
                }
                default -> say("UNKNOWN COMMAND " + command);
            }
        }
    }

    private static void post(PlaytchaVerifier verifier, PlaytchaSettings settings, ExecutorService posts, int n, String token, String client)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Verification>> decided = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            decided.add(posts.submit(() -> {
                start.await();
                return verifier.verify(token, client, "/signup", Policy.of(settings)); // no address: no budget
            }));
        }
        start.countDown();
        for (Future<Verification> f : decided) {
            Verification v = f.get();
            String code = v.result().errorCode();
            say("DECIDED " + v.proceeds() + " " + (code == null ? "-" : code) + " " + v.heldLocally() + " "
                    + (v.ledgerEntry() == null ? "-" : v.ledgerEntry().id()));
        }
        say("DONE");
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.print(line + "\n");
            System.out.flush();
        }
    }
}
