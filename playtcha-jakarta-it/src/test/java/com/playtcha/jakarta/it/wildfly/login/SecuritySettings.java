package com.playtcha.jakarta.it.wildfly.login;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.wildfly.plugin.tools.server.ServerManager;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * WildFly's security settings for every login class of the run (name it in {@code @ServerSetup}), made by
 * the first class that asks and kept until the server stops, so that the run reloads WildFly once for them
 * rather than twice per class (a setting and a snapshot restored after it):
 * <ul>
 *   <li>{@code ApplicationDomain}'s security-event listener is WildFly's own {@code local-audit} file log
 *       ({@code audit.log}, JSON, written synchronously), where {@link RealmAudit} counts the password checks
 *       of the FORM-login classes;</li>
 *   <li>the default application security domain ({@code other}) has {@code integrated-jaspi=false}, as
 *       WildFly's documentation asks for an application whose Jakarta Security identity store is its own
 *       (the Jakarta Security classes and the login example).</li>
 * </ul>
 * Both hold for every class of the run whatever the order: a FORM login over Elytron's realm does not go
 * through Jakarta Authentication, so {@code integrated-jaspi} does not touch it, and an application with its
 * own identity store asks no realm, so it writes no audit line; the counts are read before and after a login.
 */
public class SecuritySettings implements ServerSetupTask {

    /** How long a reload may take on a busy machine. */
    private static final long RELOAD_SECONDS = 120;

    @ArquillianResource
    private ServerManager serverManager;

    @Override
    public void setup(ManagementClient management, String containerId) throws Exception {
        ModelControllerClient client = management.getControllerClient();
        ensure(client, Operations.createAddress("subsystem", "elytron", "security-domain", "ApplicationDomain"),
                "security-event-listener", new ModelNode("local-audit"));
        ensure(client, Operations.createAddress("subsystem", "undertow", "application-security-domain", "other"),
                "integrated-jaspi", new ModelNode(false));
        ModelNode logDir = execute(client, Operations.createReadAttributeOperation(
                Operations.createAddress("path", "jboss.server.log.dir"), "path"));
        RealmAudit.found(Path.of(logDir.asString()));
        serverManager.reloadIfRequired(RELOAD_SECONDS, TimeUnit.SECONDS);
    }

    /** Kept for the next login class; the server's end takes them along. */
    @Override
    public void tearDown(ManagementClient management, String containerId) {
    }

    private static void ensure(ModelControllerClient client, ModelNode address, String attribute, ModelNode value) throws Exception {
        if (!execute(client, Operations.createReadAttributeOperation(address, attribute)).equals(value)) {
            execute(client, Operations.createWriteAttributeOperation(address, attribute, value));
        }
    }

    private static ModelNode execute(ModelControllerClient client, ModelNode operation) throws Exception {
        ModelNode outcome = client.execute(operation);
        if (!Operations.isSuccessfulOutcome(outcome)) {
            throw new IllegalStateException(operation + " failed: " + Operations.getFailureDescription(outcome));
        }
        return Operations.readResult(outcome);
    }
}
