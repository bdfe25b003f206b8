package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.RestScenario;

/** {@link RestScenario} in a real WildFly 39: RESTEasy 6.2, its CDI and MicroProfile Config, managed by Arquillian. */
class WildFlyRestIT extends RestScenario {
}
