package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.MisconfiguredFilterScenario;

/**
 * {@link MisconfiguredFilterScenario} in a real WildFly 39, where Undertow starts filters lazily:
 * only the library's start-up check can fail the deployment.
 */
class WildFlyMisconfiguredFilterIT extends MisconfiguredFilterScenario {
}
