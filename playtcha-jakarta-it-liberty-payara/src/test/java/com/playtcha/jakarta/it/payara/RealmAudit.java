package com.playtcha.jakarta.it.payara;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Counts the password checks of Payara's realm for one user, from the security audit's lines in the
 * domain's {@code server.log} (the build turns the audit on): {@code Audit: Authentication for user =
 * (alice) under realm = (file) returned = true}, one per check, whatever its outcome.
 *
 * <p>Payara writes its log from a queue, so a count is taken only after a marker: a probe page checks
 * the password of {@link PayaraLogin#PROBE_USER}, and the count is read once that check's line is in
 * the file; every line logged before it is there too.
 */
final class RealmAudit {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Path log;

    RealmAudit() {
        String logs = System.getProperty("it.container.logs");
        if (logs == null) {
            throw new IllegalStateException("it.container.logs (set by the POM's Failsafe configuration)");
        }
        this.log = Path.of(logs, "server.log");
    }

    /** How many times the realm has checked {@code user}'s password so far, once {@code probe} has hit the probe page. */
    int checks(String user, ProbePage probe) throws IOException, InterruptedException {
        long before = count(PayaraLogin.PROBE_USER);
        probe.hit();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (count(PayaraLogin.PROBE_USER) <= before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the probe's audit line never reached " + log
                        + ": is the security audit on (see domain-preboot.asadmin)?");
            }
            Thread.sleep(50); // polls for the log writer's queue, which offers nothing to wait on
        }
        return (int) count(user);
    }

    private long count(String user) throws IOException {
        String line = "Audit: Authentication for user = (" + user + ")";
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains(line)).count();
        }
    }

    /** The page that makes the realm check {@link PayaraLogin#PROBE_USER}'s password once. */
    @FunctionalInterface
    interface ProbePage {
        void hit() throws IOException, InterruptedException;
    }
}
