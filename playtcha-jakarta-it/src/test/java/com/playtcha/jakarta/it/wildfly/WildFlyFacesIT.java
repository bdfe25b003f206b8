package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.FacesScenario;

/** {@link FacesScenario} in a real WildFly 39: its Mojarra 4.0 and CDI, managed by Arquillian. */
class WildFlyFacesIT extends FacesScenario {
}
