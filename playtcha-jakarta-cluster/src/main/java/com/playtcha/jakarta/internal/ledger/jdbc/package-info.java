/**
 * The fail-open ledger in a database table, shared by every node of a cluster: plain JDBC on the
 * application's {@code DataSource} ({@code playtcha.ledger.datasource}), PostgreSQL. Internal: not
 * API, may change without notice.
 *
 * <p>{@code TableStore} is the {@link com.playtcha.jakarta.spi.SharedStore}: the shared
 * ledger's protocol (ownership under a lease renewed on a thread of its own, adoption of the entries of
 * nodes that stopped renewing, claims with {@code TokenClaims}, the writer {@code LedgerWriter}) over
 * a {@code LedgerTable}, the small primitive a backend implements (insert-if-absent, compare-and-set
 * of a step, withdraw, adopt, renew, release, purge). {@code JdbcTable} is PostgreSQL's, with
 * {@code LedgerRows}' statements; {@code JdbcStore} opens one on the {@code DataSource}, and the
 * library finds it through {@code META-INF/services} ({@code JdbcStore.Opener}).
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
