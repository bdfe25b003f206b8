package com.playtcha.jakarta.it.wildfly;

import com.playtcha.jakarta.it.ExampleWebXmlAppScenario;

/** {@link ExampleWebXmlAppScenario}: the example WAR, unchanged, in WildFly. */
class WildFlyExampleWebXmlAppIT extends ExampleWebXmlAppScenario {
}
