/**
 * Internal: not API, may change without notice. How a verifier is put together: {@code Verifiers}
 * builds a {@code ComposedVerifier} on one {@code VerifierClock}; its section of design/engine.md
 * walks a token through the parts. The circuit breaker is here, not in a package of its own: it is one
 * step of the verifier, which alone calls it, and the ledger reads only its cool-down, through the
 * verifier.
 *
 * <p>May import: {@code core}, {@code spi}, {@code internal.http}, {@code internal.budget} and
 * {@code internal.ledger} (a shared store comes from the module {@code playtcha-jakarta-cluster}). The only
 * package that knows all the parts.
 */
package com.playtcha.jakarta.internal.verifier;
