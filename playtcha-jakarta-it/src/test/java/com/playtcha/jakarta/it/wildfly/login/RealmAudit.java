package com.playtcha.jakarta.it.wildfly.login;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.arquillian.setup.SnapshotServerSetupTask;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Counts how often WildFly's realm was asked for a password, for the login scenarios: a
 * {@code ServerSetupTask} (name it in {@code @ServerSetup}) that attaches WildFly's own
 * {@code local-audit} file log ({@code ${jboss.server.log.dir}/audit.log}, JSON, written synchronously)
 * to the {@code ApplicationDomain} as its security-event listener, and reloads. Elytron then writes a
 * {@code SecurityAuthenticationSuccessfulEvent} or {@code SecurityAuthenticationFailedEvent} line for
 * every password check: {@link #passwordChecks()} counts them. The event is
 * written inside the login request, so the count is complete once its answer arrived. The server's
 * configuration is restored (snapshot) when the test class is done.
 */
public class RealmAudit extends SnapshotServerSetupTask {

    private static volatile Path auditLog;
    private static volatile Path serverLog;

    @Override
    protected void doSetup(ManagementClient client, String containerId) throws Exception {
        ModelNode domain = Operations.createAddress("subsystem", "elytron", "security-domain", "ApplicationDomain");
        execute(client, Operations.createWriteAttributeOperation(domain, "security-event-listener", "local-audit"));
        ModelNode logDir = execute(client,
                Operations.createReadAttributeOperation(Operations.createAddress("path", "jboss.server.log.dir"), "path"));
        auditLog = Path.of(logDir.asString(), "audit.log");
        serverLog = Path.of(logDir.asString(), "server.log");
    }

    /**
     * Password checks of the realm so far, successful or failed. Elytron names no user in a failed
     * check's event ({@code "principal":null}), so a test reads this before and after its login post:
     * the scenarios run one at a time, and nothing else logs in meanwhile.
     */
    public static long passwordChecks() throws IOException {
        Path log = Objects.requireNonNull(auditLog, "RealmAudit is not set up: @ServerSetup(RealmAudit.class)");
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("\"event\":\"SecurityAuthentication")).count();
        }
    }

    /** The server's log ({@code server.log}) from {@code offset} on, in characters. */
    public static String serverLog(int offset) throws IOException {
        Path log = Objects.requireNonNull(serverLog, "RealmAudit is not set up: @ServerSetup(RealmAudit.class)");
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

    private static ModelNode execute(ManagementClient client, ModelNode operation) throws IOException {
        ModelNode outcome = client.getControllerClient().execute(operation);
        if (!Operations.isSuccessfulOutcome(outcome)) {
            throw new IllegalStateException(operation + " failed: " + Operations.getFailureDescription(outcome));
        }
        return Operations.readResult(outcome);
    }
}
