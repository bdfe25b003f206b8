/**
 * What a cluster counts together, whatever the store: {@code SharedBudgets}, the library's
 * {@link com.playtcha.jakarta.spi.store.Budgets}, spending from this node's own and then from the cluster's,
 * and {@code SharedLoginFailures}, its {@link com.playtcha.jakarta.spi.store.LoginFailures}, both calling
 * their store under the same bound and fallback ({@code StoreCalls}, its state a {@code StoreState}), a
 * failure read by {@code StoreFailure}, a start's waits under one bound ({@code StartWindow}). A backend
 * opens them on its primitives, as Bucket4j's backends implement its own: Bucket4j's proxies, the login
 * levels ({@code Levels}, whose rule and constants every store's copy follows; {@code BatchedLevels} for a
 * store whose give-backs wait for its next call) and a {@code StoreHandle} (where the store is, how its
 * failures read, what to close): {@code jdbc}'s {@code DatabaseCounts}, {@code jcache}'s {@code CacheBuckets}, the
 * Redis module's backend. Why: design/cluster.md. Internal: not API.
 *
 * <p>May import: {@code core}; {@code spi.store}; Bucket4j's core ({@code io.github.bucket4j}). No JDBC, no
 * JCache, no backend.
 */
package com.playtcha.jakarta.cluster.counts;
