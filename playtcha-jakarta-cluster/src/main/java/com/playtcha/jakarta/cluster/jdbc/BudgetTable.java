package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLadvisoryLockBasedProxyManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * A table of Bucket4j's in the ledger's database ({@code playtcha.ledger.datasource}): the client
 * budgets' ({@link #CLIENT_BUDGETS}) and the login failure counts' ({@link #LOGIN_FAILURES}), one row
 * per bucket under a 64-bit key, spent from under a transaction's advisory lock on the key: one
 * transaction of three statements (lock, select, update); a key the table does not have yet takes two,
 * Bucket4j's look and then its bucket's creation (with row locks it took three). Created on first use
 * when {@code playtcha.ledger.create-schema} allows, under the ledger's advisory lock so that nodes
 * starting at once do not race; else it must exist (its SQL ships in the JAR, apart from the ledger's
 * versioned script: Bucket4j owns these rows' format).
 */
public enum BudgetTable {
    /** {@code playtcha_client_budget}: one row per budgeted client. */
    CLIENT_BUDGETS("playtcha_client_budget", "/com/playtcha/jakarta/client-budget-postgresql.sql", "the client budgets"),
    /** {@code playtcha_login_failure}: one row per account, client or application whose failed logins are counted. */
    LOGIN_FAILURES("playtcha_login_failure", "/com/playtcha/jakarta/login-failure-postgresql.sql", "the login failure counts",
            "playtcha_login_count");

    final String table;
    final String script;
    private final String what;
    /** The tables the script makes: {@link #table}, and any of its own beside Bucket4j's. */
    private final String[] tables;

    BudgetTable(String table, String script, String what, String... others) {
        this.table = table;
        this.script = script;
        this.what = what;
        this.tables = java.util.stream.Stream.concat(java.util.stream.Stream.of(table), java.util.Arrays.stream(others))
                .toArray(String[]::new);
    }

    /** The {@code DataSource} of this name among the framework's resources, in JNDI or CDI; see {@link DataSourceLookup}. */
    public static DataSource find(String name, com.playtcha.jakarta.spi.store.Resources resources) {
        return DataSourceLookup.find(name, resources);
    }

    /**
     * Says what went wrong with this database for the status and the log, by the ledger's rule
     * ({@link JdbcTable#cause}): the first {@code SQLException} among the causes, and for a connection
     * or login fault (SQL state class 08 or 28) its state alone, since the driver's words name the host
     * and port; else one line of them, credentials masked ({@link Redaction}).
     */
    public static Function<Throwable, String> messages(DataSource db) {
        Redaction redaction = Redaction.of(db);
        return e -> {
            Throwable said = e;
            Throwable c = e;
            for (int depth = 0; c != null && depth < 10; depth++, c = c.getCause()) { // a cycle of causes ends too
                if (c instanceof SQLException) {
                    said = c;
                    break;
                }
            }
            return said instanceof Exception x ? JdbcTable.cause(x, redaction)
                    : said.getClass().getSimpleName() + ": " + redaction.message(said);
        };
    }

    /**
     * Bucket4j's proxies on this table, made sure of first (on a {@link TimedDataSource}'s database untimed).
     *
     * @param name      what {@code db} is called in messages
     * @param execution where and how long Bucket4j's statements may run
     * @param clock     the buckets' time: the verifier's clock
     * @param expiry    when a row's bucket is full again, and so may be deleted
     * @throws InvalidSettingException naming the key when the database cannot be reached, or the table is missing
     */
    public PostgreSQLadvisoryLockBasedProxyManager<Long> open(DataSource db, String name, boolean create,
            ExecutionStrategy execution, TimeMeter clock, ExpirationAfterWriteStrategy expiry) {
        try (Connection c = (db instanceof TimedDataSource timed ? timed.untimed() : db).getConnection()) {
            ensure(c, create, name); // untimed: the schema's lock may wait for another node's creation
        } catch (InvalidSettingException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "names a database that cannot be used for " + what + " ("
                    + e.getClass().getSimpleName() + ": " + Redaction.of(db).message(e) + "); check that it is up and PostgreSQL, like "
                    + "java:comp/DefaultDataSource; got " + name);
        }
        return Bucket4jPostgreSQL.advisoryLockBasedBuilder(db).primaryKeyMapper(PrimaryKeyMapper.LONG).table(table)
                .idColumn("id").stateColumn("state").expiresAtColumn("expires_at").lockColumn("explicit_lock")
                .executionStrategy(execution).clientClock(clock).expirationAfterWrite(expiry).build();
    }

    private void ensure(Connection c, boolean create, String name) throws SQLException {
        if (!create) {
            for (String missing : tables) {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT to_regclass('" + missing + "') IS NOT NULL")) {
                    r.next();
                    if (!r.getBoolean(1)) {
                        throw new InvalidSettingException(Setting.LEDGER_CREATE_SCHEMA, "is false and the database of " + name
                                + " has no table " + missing + " for " + what + ": create it with the SQL in the library's JAR, "
                                + script.substring(1) + " (and the ledger's, " + LedgerSchema.SCRIPT.substring(1)
                                + ", where its tables are missing too), or set it to true");
                    }
                }
            }
            return;
        }
        LedgerSchema.underLock(c, s -> {
            for (String statement : LedgerSchema.statements(script)) {
                s.execute(statement);
            }
        });
    }
}
