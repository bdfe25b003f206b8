package com.playtcha.jakarta.it.jetty;

import com.playtcha.jakarta.it.ExampleWebXmlAppScenario;

/** {@link ExampleWebXmlAppScenario}: the example WAR, unchanged, in Jetty. */
class JettyExampleWebXmlAppIT extends ExampleWebXmlAppScenario {
}
