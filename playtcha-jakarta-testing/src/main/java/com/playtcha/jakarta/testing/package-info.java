/**
 * The Playtcha simulator, for the users' tests and the library's own: {@link
 * com.playtcha.jakarta.testing.PlaytchaSimulator}, Playtcha's verify endpoint in-process on a loopback
 * port, with the service's state (projects, single-use tokens, a rate limit), faults to inject and every
 * call recorded; {@link com.playtcha.jakarta.testing.PlaytchaSimulatorExtension} starts one for a JUnit 5
 * test, and {@code SimulatorMain} from the command line.
 *
 * <p>May import: Jetty 12's core server ({@code org.eclipse.jetty}), with no Servlet API, so it does not
 * meet the container under test; Jakarta JSON Processing ({@code jakarta.json}); JUnit 5's extension API
 * ({@code org.junit.jupiter}). Nothing of the library, which a test reaches over HTTP only, as in
 * production.
 */
package com.playtcha.jakarta.testing;
