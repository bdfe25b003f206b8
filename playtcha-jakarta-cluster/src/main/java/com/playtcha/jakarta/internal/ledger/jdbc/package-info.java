/**
 * The fail-open ledger in a database table, shared by every node of a cluster: plain JDBC on the
 * application's {@code DataSource} ({@code playtcha.ledger.datasource}), PostgreSQL. Internal: not
 * API, may change without notice.
 *
 * <p>{@code JdbcStore} is the {@link com.playtcha.jakarta.internal.ledger.SharedStore}, which the
 * library finds through {@code META-INF/services} ({@code JdbcStore.Opener}): each node owns the
 * entries it recorded under a lease it renews, takes over entries whose node stopped renewing
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}), and checks ownership before a post, when an outcome
 * is stored and when a delivery is recorded; no row is locked while a listener runs.
 * {@code Ownership} is one node's hold on its rows: the lease renewed on a thread of its own, and
 * the update-count check. {@code LedgerWriter} is the store's one writer thread.
 * {@code LedgerSchema} creates and checks the tables (the SQL ships as
 * {@code com/playtcha/jakarta/ledger-postgresql.sql}); {@code LedgerRows} reads a row back into an
 * entry; {@code DataSourceLookup} finds the {@code DataSource} by its JNDI name, or as a CDI bean of
 * that {@code @Named} name when CDI is there; {@code Redaction} masks credentials in the database's
 * own words wherever they are quoted. {@code BudgetTable} is the client budgets' table, Bucket4j's
 * (package {@code internal.budget.cluster} spends from it), created under the ledger's lock.
 *
 * <p>May import the library's {@code core} and {@code internal.ledger} only (the module's
 * {@code ArchitectureTest}). Needs no JDBC driver to load: the application's container brings it.
 */
package com.playtcha.jakarta.internal.ledger.jdbc;
