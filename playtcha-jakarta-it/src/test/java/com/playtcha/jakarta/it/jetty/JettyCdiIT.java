package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.CdiScenario;

/** {@link CdiScenario} in an embedded Jetty 12.0 (ee10) with jetty-ee10-cdi, Weld servlet and SmallRye Config in the WAR. */
class JettyCdiIT extends CdiScenario {
}
