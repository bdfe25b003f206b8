/**
 * What a cluster counts on Bucket4j: {@code SharedBudgets}, the core's
 * {@link com.playtcha.jakarta.spi.Budgets}, spending from this node's buckets and then from
 * the cluster's, and {@code SharedLoginFailures}, the core's
 * {@link com.playtcha.jakarta.spi.LoginFailures}, both found through {@code META-INF/services}
 * (their {@code Opener}s), both in the ledger's PostgreSQL ({@code BudgetTable}, package
 * {@code internal.ledger.jdbc}, which shares the ledger's lookup, lock and masking) or in a JCache cache
 * ({@code CacheBuckets}, the one class that names the JCache API), and both calling their store under the
 * same bound and fallback ({@code StoreCalls}). Internal: not API, may change without notice.
 */
package com.playtcha.jakarta.internal.budget.cluster;
