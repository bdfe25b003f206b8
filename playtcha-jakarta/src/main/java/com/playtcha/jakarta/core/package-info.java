/**
 * The public API: what an application imports to verify Playtcha tokens.
 *
 * <ul>
 *   <li>{@link com.playtcha.jakarta.core.PlaytchaVerifier}: decides a request in one call, which
 *       returns a {@link com.playtcha.jakarta.core.Verification}; one per application.</li>
 *   <li>{@link com.playtcha.jakarta.core.PlaytchaSettings} and {@link com.playtcha.jakarta.core.Setting}:
 *       the immutable settings and the catalogue of their keys.</li>
 *   <li>{@link com.playtcha.jakarta.core.VerificationResult}: verified, rejected or unavailable;
 *       {@link com.playtcha.jakarta.core.Decision}: whether the request goes on, the one place that
 *       decides, under a {@link com.playtcha.jakarta.core.Policy} ({@link com.playtcha.jakarta.core.Mode},
 *       {@link com.playtcha.jakarta.core.FailMode}, reject status).</li>
 *   <li>{@link com.playtcha.jakarta.core.PlaytchaListener}, {@link com.playtcha.jakarta.core.DecisionEvent},
 *       {@link com.playtcha.jakarta.core.LedgerEntry} and {@link com.playtcha.jakarta.core.Reconciliation}:
 *       what a verifier reports, the fail-open ledger included; {@link com.playtcha.jakarta.core.VerifierStatus}:
 *       its circuit breaker and ledger now, for a status page.</li>
 *   <li>{@link com.playtcha.jakarta.core.InvalidSettingException}: a setting that cannot work.</li>
 * </ul>
 *
 * <p>May import: the JDK; the engine's factory ({@code internal.verifier}) in {@code PlaytchaVerifier}
 * alone, whose {@code create} calls {@code Verifiers}. Knows nothing of Servlet, CDI, MicroProfile Config or
 * HttpClient.
 */
package com.playtcha.jakarta.core;
