/**
 * The client budgets a cluster shares, on Bucket4j: {@code SharedBudgets} is the core's
 * {@link com.playtcha.jakarta.internal.budget.Budgets}, found through {@code META-INF/services}
 * ({@code SharedBudgets.Opener}), spending from this node's buckets and then from the cluster's, in
 * the ledger's PostgreSQL ({@code BudgetTable}, package {@code internal.ledger.jdbc}, which shares
 * the ledger's lookup, lock and masking) or in a JCache cache ({@code CacheBuckets}, the one class
 * that names the JCache API). Internal: not API, may change without notice.
 */
package com.playtcha.jakarta.internal.budget.cluster;
