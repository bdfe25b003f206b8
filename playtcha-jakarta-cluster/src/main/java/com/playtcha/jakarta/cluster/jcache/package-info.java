/**
 * The counts in a JCache cache ({@code playtcha.client-budget.cache}, from the runtime's provider or the one
 * {@code playtcha.client-budget.cache-provider} names): {@code CacheBuckets}, the one class of the module
 * that names the JCache API, loaded only when a cache is named. Internal: not API.
 *
 * <p>May import: the library's {@code core} and {@code spi}, and {@code counts}.
 */
package com.playtcha.jakarta.cluster.jcache;
