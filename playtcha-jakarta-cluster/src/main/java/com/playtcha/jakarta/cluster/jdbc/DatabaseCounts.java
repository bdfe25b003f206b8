package com.playtcha.jakarta.cluster.jdbc;

import static com.playtcha.jakarta.cluster.counts.StoreFailure.DOWN;
import static com.playtcha.jakarta.cluster.counts.StoreFailure.GAVE_UP;

import com.playtcha.jakarta.cluster.counts.Levels;
import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.cluster.counts.StoreFailure;
import com.playtcha.jakarta.cluster.counts.StoreHandle;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The client budgets and the login failure counts in the ledger's PostgreSQL
 * ({@code playtcha.ledger.datasource}): the counts' algorithms ({@code counts.SharedBudgets},
 * {@code counts.SharedLoginFailures}) over Bucket4j's tables ({@link BudgetTable}) and the login levels'
 * table ({@link DatabaseLevels}), created first when {@code playtcha.ledger.create-schema} allows. Each
 * call runs on a connection that the driver gives up after {@link #cutAfter} ({@link TimedDataSource});
 * a failure is read by its SQL types and states ({@link #signal}) and said in the ledger's words,
 * credentials masked ({@link BudgetTable#messages}). A bucket's row goes once it is full again and
 * {@link Levels#KEEP} more went by.
 */
public final class DatabaseCounts {

    /** The shortest network timeout of a call's connection: {@link #cutAfter}. */
    static final Duration CUT_AT_LEAST = Duration.ofMillis(500);

    private DatabaseCounts() {
    }

    /**
     * Budgets in the table {@code playtcha_client_budget} of this database ({@link BudgetTable#CLIENT_BUDGETS}).
     *
     * @param name     what {@code db} is called in messages: the JNDI name
     * @param clock    the verifier's
     * @param verifier the verifier's thread-name prefix
     */
    public static SharedBudgets budgets(PlaytchaSettings settings, Budgets local, DataSource db, String name, VerifierClock clock,
            String verifier) {
        TimedDataSource timed = new TimedDataSource(db, cutAfter(settings.clusterTimeout()));
        ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Levels.KEEP);
        return SharedBudgets.open(settings, local, clock, (execution, meter) -> BudgetTable.CLIENT_BUDGETS.open(timed, name,
                settings.ledger().createSchema(), execution, meter, expiry), handle(db, name, timed), verifier);
    }

    /**
     * Counts in the tables {@code playtcha_login_count} and {@code playtcha_login_failure} of this database
     * ({@link BudgetTable#LOGIN_FAILURES}).
     *
     * @param name     what {@code db} is called in messages: the JNDI name
     * @param clock    the verifier's
     * @param verifier the verifier's thread-name prefix
     */
    public static SharedLoginFailures loginFailures(PlaytchaSettings settings, LoginFailures.Limits limits, LoginFailures local,
            DataSource db, String name, VerifierClock clock, String verifier) {
        TimedDataSource timed = new TimedDataSource(db, cutAfter(settings.clusterTimeout()));
        ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Levels.KEEP);
        return SharedLoginFailures.open(settings, limits, local, clock, (execution, meter) -> BudgetTable.LOGIN_FAILURES.open(timed,
                name, settings.ledger().createSchema(), execution, meter, expiry), new DatabaseLevels(timed), handle(db, name, timed),
                verifier);
    }

    /** The database as the counts name it and read its failures; closing the counts aborts the connections still in use. */
    private static StoreHandle handle(DataSource db, String name, TimedDataSource timed) {
        return new StoreHandle("database " + name, BudgetTable.messages(db), DatabaseCounts::signal, timed::abortAll);
    }

    /**
     * How long a call on a database connection may wait for its answer before the driver gives the
     * connection up ({@link TimedDataSource}): twice {@code playtcha.cluster.timeout}, at least
     * {@link #CUT_AT_LEAST}. Its caller stopped waiting at a quarter of that; this frees the thread of a
     * call whose database went away under the connection, which nothing else ends (design/cluster.md).
     * Short, since a pool hands out each of its dead connections in turn, each costing this much.
     */
    static Duration cutAfter(Duration timeout) {
        Duration twice = timeout.multipliedBy(2);
        return twice.compareTo(CUT_AT_LEAST) < 0 ? CUT_AT_LEAST : twice;
    }

    /**
     * What one cause says of the database ({@link StoreFailure#of} reads the others): an SQL timeout or a
     * transient failure gave up, whatever state it carries; else its SQL state, when that says something.
     */
    static StoreFailure signal(Throwable cause) {
        if (cause instanceof SQLTimeoutException || cause instanceof SQLTransientException) {
            return GAVE_UP; // HikariCP's pool timeout is an SQLTransientConnectionException, whatever state it copies
        }
        return cause instanceof SQLException sql && sql.getSQLState() != null ? ofState(sql.getSQLState()) : null;
    }

    /** What an SQL state says: PostgreSQL's codes, the standard's classes. */
    private static StoreFailure ofState(String state) {
        return switch (state) {
            case "57014", "55P03", "53300" -> GAVE_UP; // statement cancelled or timed out, lock not available, too many connections
            case "3D000", "57P01", "57P02", "57P03", "57P04" -> DOWN; // no such database, shut down, starting, database dropped
            default -> switch (state.length() < 2 ? state : state.substring(0, 2)) {
                case "40" -> GAVE_UP; // serialization failure, deadlock
                case "08", "28", "42", "58", "XX" -> DOWN; // connection, login, schema, system, internal error
                default -> null;
            };
        };
    }
}
