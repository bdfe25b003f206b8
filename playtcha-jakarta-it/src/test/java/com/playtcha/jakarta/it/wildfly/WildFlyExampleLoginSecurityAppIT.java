package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.ExampleLoginSecurityAppScenario;
import org.jboss.as.arquillian.api.ServerSetup;

/**
 * {@link ExampleLoginSecurityAppScenario} in a real WildFly 39. The example's identity store is the
 * application's own, so the default application security domain gets {@code integrated-jaspi=false}
 * for this class, as WildFly's documentation asks for that ({@link WildFlyJakartaSecurityLoginIT}).
 */
@ServerSetup(WildFlyJakartaSecurityLoginIT.ApplicationIdentities.class)
class WildFlyExampleLoginSecurityAppIT extends ExampleLoginSecurityAppScenario {
}
