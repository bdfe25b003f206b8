/**
 * Internal: not API, may change without notice. How a verifier is put together: {@code Verifiers}
 * builds a {@code ComposedVerifier} on one {@code VerifierClock}; its section of design/engine.md
 * walks a token through the parts. The circuit breaker is here, not in a package of its own: it is one
 * step of the verifier, which alone calls it, and the ledger reads only its cool-down, through the
 * verifier.
 *
 * <p>May import: {@code core}; {@code spi.store}; {@code internal.http}; {@code internal.budget};
 * {@code internal.ledger}; HttpClient 5 ({@code org.apache.hc}) in {@code Verifiers}, which builds the
 * transport. The only package that knows all the parts (a shared store comes from the module
 * {@code playtcha-jakarta-cluster}).
 */
package com.playtcha.jakarta.internal.verifier;
