package com.playtcha.jakarta.it.liberty;

import com.playtcha.jakarta.it.ExampleWebXmlAppScenario;

/** {@link ExampleWebXmlAppScenario} in a real Open Liberty (its own CDI, MicroProfile Config and Jakarta Concurrency), managed by Arquillian. */
class LibertyExampleWebXmlAppIT extends ExampleWebXmlAppScenario {
}
