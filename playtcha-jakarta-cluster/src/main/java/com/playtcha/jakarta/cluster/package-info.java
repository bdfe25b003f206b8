/**
 * The module {@code playtcha-jakarta-cluster}: what several nodes of a cluster share, behind the library's
 * SPI ({@code com.playtcha.jakarta.spi.store}). {@code Providers} is what the module registers in
 * {@code META-INF/services}; the rest lives by role: {@code ledger}, the shared ledger's protocol over a
 * table; {@code counts}, the client budgets and login counts on Bucket4j, whatever the store; {@code jdbc},
 * PostgreSQL through the application's {@code DataSource} (the ledger's table and the counts' tables);
 * {@code jcache}, the counts in a JCache cache; {@code Backend}, the seam every store implements (the
 * database's and the cache's here, Redis's in its module), and the one place that chooses which store keeps
 * which part. Internal: not API, may change without notice; a jar of another version than the library's is
 * not supported.
 *
 * <p>May import: {@code core}; {@code spi.store}; the module's packages ({@code cluster.ledger},
 * {@code cluster.jdbc}, {@code cluster.counts}, {@code cluster.jcache}).
 */
package com.playtcha.jakarta.cluster;
