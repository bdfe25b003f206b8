package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.RestListedScenario;

/** {@link RestListedScenario} in a real WildFly 39: RESTEasy 6.2 reads the REST jar's list of providers. */
class WildFlyRestListedIT extends RestListedScenario {
}
