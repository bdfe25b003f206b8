/**
 * The simulator for Quarkus tests: {@link com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource}, a Quarkus test
 * resource that starts it with the application under test.
 *
 * <p>May import: the simulator ({@code testing}) and Quarkus's test resource API ({@code io.quarkus.test.common}). The jar
 * declares that API provided: a Quarkus test has it, and no other user's class path gets it through this jar.
 */
package com.playtcha.jakarta.testing.quarkus;
