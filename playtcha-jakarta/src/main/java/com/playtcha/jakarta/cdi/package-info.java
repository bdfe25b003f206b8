/**
 * The CDI integration: {@code PlaytchaVerifierProducer} produces the application's
 * {@code PlaytchaVerifier} (closed by its disposer), relays decisions and reconciliations as CDI
 * events, and offers the verifier to {@code PlaytchaFilter} through a servlet context attribute.
 *
 * <p>May import: {@code core}, {@code internal.config}, the CDI API, the Servlet API, and
 * {@code internal.telemetry}'s {@code OptionalMetrics} (which names no OpenTelemetry type), never
 * {@code telemetry} itself. Not {@code servlet}, not {@code health} (a bean of its own) and nothing
 * else internal.
 */
package com.playtcha.jakarta.cdi;
