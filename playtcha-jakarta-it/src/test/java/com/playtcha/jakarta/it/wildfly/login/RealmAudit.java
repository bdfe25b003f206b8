package com.playtcha.jakarta.it.wildfly.login;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Counts how often WildFly's realm was asked for a password, for the login scenarios, in WildFly's own
 * {@code local-audit} file log ({@code ${jboss.server.log.dir}/audit.log}, JSON, written synchronously),
 * which {@link SecuritySettings} (name it in {@code @ServerSetup}) attaches to the {@code ApplicationDomain}
 * as its security-event listener. Elytron then writes a {@code SecurityAuthenticationSuccessfulEvent} or
 * {@code SecurityAuthenticationFailedEvent} line for every password check: {@link #passwordChecks()} counts
 * them. The event is written inside the login request, so the count is complete once its answer arrived.
 * Also the server's own log, {@link #serverLog(int)}, for what a login must not have logged.
 */
public final class RealmAudit {

    private static volatile Path auditLog;
    private static volatile Path serverLog;

    private RealmAudit() {
    }

    /** Where the server's logs are: {@link SecuritySettings} read it from the server. */
    static void found(Path logDirectory) {
        auditLog = logDirectory.resolve("audit.log");
        serverLog = logDirectory.resolve("server.log");
    }

    /**
     * Password checks of the realm so far, successful or failed. Elytron names no user in a failed
     * check's event ({@code "principal":null}), so a test reads this before and after its login post:
     * the scenarios run one at a time, and nothing else logs in meanwhile.
     */
    public static long passwordChecks() throws IOException {
        Path log = Objects.requireNonNull(auditLog, "not set up: @ServerSetup(SecuritySettings.class)");
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("\"event\":\"SecurityAuthentication")).count();
        }
    }

    /** The server's log ({@code server.log}) from {@code offset} on, in characters. */
    public static String serverLog(int offset) throws IOException {
        Path log = Objects.requireNonNull(serverLog, "not set up: @ServerSetup(SecuritySettings.class)");
        String all = Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
        return all.length() > offset ? all.substring(offset) : "";
    }

    /** The audit log as it is now, for a failure message. */
    public static String log() {
        try {
            return auditLog != null && Files.exists(auditLog) ? Files.readString(auditLog) : "(no audit log yet)";
        } catch (IOException e) {
            return "(audit log unreadable: " + e + ")";
        }
    }
}
