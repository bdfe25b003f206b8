/**
 * The CDI integration: {@code PlaytchaVerifierProducer} produces the application's
 * {@code PlaytchaVerifier} (closed by its disposer), relays decisions and reconciliations as CDI
 * events, and offers the verifier to {@code PlaytchaFilter} through a servlet context attribute.
 *
 * <p>May import: {@code core}, {@code config}, {@code spi} (whose {@code VerifierFactory} also attaches the metrics:
 * never {@code telemetry} itself), the CDI API and the Servlet API. Not {@code servlet}, not {@code health}
 * (a bean of its own) and nothing internal.
 */
package com.playtcha.jakarta.cdi;

