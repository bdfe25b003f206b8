package com.playtcha.jakarta.it.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.JakartaSecurityLoginScenario;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.arquillian.setup.SnapshotServerSetupTask;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/**
 * {@link JakartaSecurityLoginScenario} in a real WildFly 39 (Soteria on Elytron), managed by
 * Arquillian. The identities come from the application's own identity store, not from an Elytron
 * realm: as WildFly's documentation asks for that, the default application security domain
 * ({@code other}) gets {@code integrated-jaspi=false} for this class (and its snapshot back after).
 */
@ServerSetup(WildFlyJakartaSecurityLoginIT.ApplicationIdentities.class)
class WildFlyJakartaSecurityLoginIT extends JakartaSecurityLoginScenario {

    /** The server's {@code server.log}, found by the setup. */
    private static volatile Path serverLog;

    /**
     * Issue 49's noise: a refused JSON login logged {@code UT005023 ... Response already commited} with a
     * stack trace, Undertow's security layer calling {@code sendError} on the refusal the guard had
     * committed. The body read to its end comes after anything the request logged.
     */
    @Test
    void aRefusedJsonLogin_isAnsweredOnce_andTheServerLogsNoError() throws Exception {
        int logged = Files.readString(serverLog, StandardCharsets.UTF_8).length();

        HttpResponse<String> refused = post(ownMechanism, "/api/login", credentials("alice", "secret", null), Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        String log = Files.readString(serverLog, StandardCharsets.UTF_8).substring(logged);
        assertFalse(log.contains("UT005023") || log.contains("already commited"), log);
    }

    /** {@code /subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi, value=false)}. */
    public static class ApplicationIdentities extends SnapshotServerSetupTask {
        @Override
        protected void doSetup(ManagementClient client, String container) throws Exception {
            ModelNode address = Operations.createAddress("subsystem", "undertow", "application-security-domain", "other");
            ModelNode result = client.getControllerClient().execute(
                    Operations.createWriteAttributeOperation(address, "integrated-jaspi", false));
            if (!Operations.isSuccessfulOutcome(result)) {
                throw new IllegalStateException(Operations.getFailureDescription(result).asString());
            }
            ModelNode logs = client.getControllerClient().execute(Operations.createReadAttributeOperation(
                    Operations.createAddress("path", "jboss.server.log.dir"), "path"));
            serverLog = Path.of(Operations.readResult(logs).asString(), "server.log");
        }
    }
}
