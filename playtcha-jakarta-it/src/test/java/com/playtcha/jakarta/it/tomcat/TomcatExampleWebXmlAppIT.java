package com.playtcha.jakarta.it.tomcat;

import com.playtcha.jakarta.it.ExampleWebXmlAppScenario;

/** {@link ExampleWebXmlAppScenario}: the example WAR, unchanged, in Tomcat. */
class TomcatExampleWebXmlAppIT extends ExampleWebXmlAppScenario {
}
