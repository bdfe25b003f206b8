/**
 * The fail-open ledger: requests that went on without a verdict, kept until their tokens are
 * re-verified, and each outcome handed to the listeners once. Internal: not API, may change
 * without notice.
 *
 * <p>{@link com.playtcha.jakarta.internal.ledger.FailOpenLedger} is the entry point (the verifier
 * starts one, records fail-open decisions and asks whether it holds a token). Behind it: the
 * open entries in memory ({@code OpenEntries}, indexed by {@code OpenIndex}), the pass ({@code Reconciler}) with its pure
 * {@code ReconciliationPolicy}, delivery to the listeners, the ledger's threads, and the
 * {@link com.playtcha.jakarta.internal.ledger.LedgerStore} they write through: a
 * {@code LocalStore} (in memory, {@code MemoryStore}, or the file journal of
 * {@code internal.ledger.journal}) or a {@code SharedStore} (the database table of the module
 * {@code playtcha-jakarta-cluster}, shared by several nodes).
 *
 * <p>May import {@code core} and {@code internal.cluster} only: not the journal nor the database store
 * (the verifier hands the store in, and {@code SharedStore.open} finds the database's through
 * {@code internal.cluster.ClusterModule}, so this package knows only the two store interfaces), nor
 * {@code internal.verifier}, {@code internal.http} or {@code internal.breaker}: the verifier hands in
 * its post, its breaker's cool-down and its listeners as functions.
 */
package com.playtcha.jakarta.internal.ledger;
