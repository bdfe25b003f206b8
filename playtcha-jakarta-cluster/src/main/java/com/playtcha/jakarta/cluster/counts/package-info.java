/**
 * What a cluster counts together on Bucket4j: {@code SharedBudgets}, the library's
 * {@link com.playtcha.jakarta.spi.store.Budgets}, spending from this node's own and then from the cluster's, and
 * {@code SharedLoginFailures}, its {@link com.playtcha.jakarta.spi.store.LoginFailures}, both calling their store
 * under the same bound and fallback ({@code StoreCalls}); in the ledger's PostgreSQL (Bucket4j's tables,
 * {@code jdbc}'s {@code BudgetTable}, and the login levels of {@code DatabaseLevels}) or, through
 * {@code jcache}, a JCache cache; the give-backs that wait for a store's next call
 * ({@code BatchedLevels}) serve the JCache and Redis levels alike. Internal: not API.
 *
 * <p>May import: the library's {@code core} and {@code spi}, and {@code jdbc}.
 */
package com.playtcha.jakarta.cluster.counts;
