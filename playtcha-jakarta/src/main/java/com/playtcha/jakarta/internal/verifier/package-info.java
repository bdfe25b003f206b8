/**
 * Internal: not API, may change without notice. How a verifier is put together: in one call, a
 * token goes through the local checks, its reservation ({@code TokenReservations}), the ledger's "let
 * through once already" check, its client's verify budget, the circuit breaker and the HTTP
 * transport; the decision is recorded in the fail-open ledger when it failed open,
 * counted, and heard by the listeners. {@code Verifiers} builds one on one {@code VerifierClock}; {@code ResultLog} logs what each verify found.
 *
 * <p>May import: {@code core}, {@code internal.http}, {@code internal.breaker},
 * {@code internal.budget}, {@code internal.ledger} (and its journal, {@code internal.ledger.journal}; a shared store comes from the module {@code playtcha-jakarta-cluster}). The only package that knows all the parts.
 */
package com.playtcha.jakarta.internal.verifier;
