package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.ExampleLoginSecurityAppScenario;
import com.playtcha.jakarta.it.wildfly.login.SecuritySettings;
import org.jboss.as.arquillian.api.ServerSetup;

/**
 * {@link ExampleLoginSecurityAppScenario} in a real WildFly 39. The example's identity store is the
 * application's own, so the default application security domain has {@code integrated-jaspi=false}, as
 * WildFly's documentation asks for that ({@link SecuritySettings}).
 */
@ServerSetup(SecuritySettings.class)
class WildFlyExampleLoginSecurityAppIT extends ExampleLoginSecurityAppScenario {
}
