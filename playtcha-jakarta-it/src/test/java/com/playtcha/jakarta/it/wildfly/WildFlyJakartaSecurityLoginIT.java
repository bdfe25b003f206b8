package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.JakartaSecurityLoginScenario;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.arquillian.setup.SnapshotServerSetupTask;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * {@link JakartaSecurityLoginScenario} in a real WildFly 39 (Soteria on Elytron), managed by
 * Arquillian. The identities come from the application's own identity store, not from an Elytron
 * realm: as WildFly's documentation asks for that, the default application security domain
 * ({@code other}) gets {@code integrated-jaspi=false} for this class (and its snapshot back after).
 */
@ServerSetup(WildFlyJakartaSecurityLoginIT.ApplicationIdentities.class)
class WildFlyJakartaSecurityLoginIT extends JakartaSecurityLoginScenario {

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
        }
    }
}
