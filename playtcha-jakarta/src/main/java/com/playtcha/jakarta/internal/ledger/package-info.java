/**
 * The fail-open ledger: requests that went on without a verdict, kept until their tokens are
 * re-verified, and each outcome handed to the listeners once. Internal: not API, may change
 * without notice. {@link com.playtcha.jakarta.internal.ledger.FailOpenLedger} is the entry point;
 * it writes through a {@link com.playtcha.jakarta.internal.ledger.LedgerStore}: a {@code LocalStore}
 * (memory, or the journal of {@code internal.ledger.journal}) or a {@code SharedStore} (the database
 * table of {@code playtcha-jakarta-cluster}). Why: design/ledger.md.
 *
 * <p>May import {@code core} and {@code internal.cluster} only: the verifier hands in the store, its
 * post, its breaker's cool-down and its listeners; {@code SharedStore.open} finds the database's
 * store through {@code internal.cluster.ClusterModule}.
 */
package com.playtcha.jakarta.internal.ledger;
