/**
 * The counts in a JCache cache ({@code playtcha.client-budget.cache}, from the runtime's provider or the one
 * {@code playtcha.client-budget.cache-provider} names): {@code CacheBuckets} opens {@code counts}' algorithms
 * on Bucket4j's JCache backend and its own levels, the one class of the module that names the JCache API,
 * loaded only when a cache is named; {@code Opening} lets a node start before the provider gives the cache.
 * Internal: not API.
 *
 * <p>May import: {@code core}; {@code spi.store}; {@code cluster.counts}; Bucket4j
 * ({@code io.github.bucket4j}); the JCache API ({@code javax.cache}).
 */
package com.playtcha.jakarta.cluster.jcache;
