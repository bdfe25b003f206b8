/**
 * PostgreSQL through plain JDBC on the application's {@code DataSource} ({@code playtcha.ledger.datasource}):
 * {@code JdbcTable} is the ledger's {@link com.playtcha.jakarta.cluster.ledger.LedgerTable}, with
 * {@code LedgerRows}' statements; {@code JdbcStore} opens the ledger's store on it once {@code LedgerSchema}
 * created or checked the tables (the SQL ships as {@code com/playtcha/jakarta/ledger-postgresql.sql});
 * {@code DatabaseCounts} opens the cluster's counts on {@code BudgetTable} (Bucket4j's tables, created under
 * the ledger's lock) and {@code DatabaseLevels} (the login levels), reading a failure by its SQL state;
 * {@code TimedDataSource} bounds each call's connection; {@code DataSourceLookup} finds the
 * {@code DataSource} by its JNDI name, or as a CDI bean of that {@code @Named} name when CDI is there
 * ({@code CdiDataSource}); {@code Redaction} masks credentials in the database's own words wherever they
 * are quoted. Internal: not API.
 *
 * <p>May import: {@code core}; {@code spi.store}; {@code cluster.ledger}; {@code cluster.counts}; Bucket4j
 * ({@code io.github.bucket4j}); the CDI API ({@code jakarta.enterprise}), to find a {@code DataSource} bean.
 * Needs no JDBC driver to load: the application's container brings it.
 */
package com.playtcha.jakarta.cluster.jdbc;
