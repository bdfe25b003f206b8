/**
 * Internal: not API, may change without notice. How a verifier is put together: a token goes
 * through the local checks, its client's verify budget, the ledger's "let through once already"
 * check, the breaker ({@code Gate}) and the HTTP transport; a decision goes to the listeners and,
 * when it failed open, to the fail-open ledger. {@code Verifiers} builds one; {@code ResultLog} logs what each verify found.
 *
 * <p>May import: {@code core}, {@code internal.http}, {@code internal.breaker},
 * {@code internal.budget}, {@code internal.ledger} (and its stores, {@code internal.ledger.journal} and {@code internal.ledger.jdbc}). The only package that knows all the parts.
 */
package com.playtcha.jakarta.internal.verifier;
