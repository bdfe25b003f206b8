/**
 * The CDI integration: {@code PlaytchaVerifierProducer} produces the application's
 * {@code PlaytchaVerifier} (closed by its disposer), relays decisions and reconciliations as CDI
 * events, and offers the verifier to {@code PlaytchaFilter} through a servlet context attribute.
 *
 * <p>May import: {@code core}; {@code config}; {@code spi} and {@code spi.store} (whose {@code VerifierFactory}
 * also attaches the metrics); the CDI API ({@code jakarta.enterprise}, {@code jakarta.inject},
 * {@code jakarta.annotation}); the Servlet API ({@code jakarta.servlet}) in {@code ServletContextOffer}. Never
 * {@code telemetry} itself, not {@code servlet}, not {@code health} (a bean of its own) and nothing internal.
 */
package com.playtcha.jakarta.cdi;

