/**
 * Internal: not API, may change without notice. How a verifier is put together: {@code Verifiers}
 * builds a {@code ComposedVerifier} on one {@code VerifierClock}; its section of design/engine.md
 * walks a token through the parts.
 *
 * <p>May import: {@code core}, {@code internal.http}, {@code internal.breaker},
 * {@code internal.budget}, {@code internal.ledger} (and its journal, {@code internal.ledger.journal}; a shared store comes from the module {@code playtcha-jakarta-cluster}). The only package that knows all the parts.
 */
package com.playtcha.jakarta.internal.verifier;
