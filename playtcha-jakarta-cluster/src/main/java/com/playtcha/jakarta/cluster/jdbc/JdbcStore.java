package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.cluster.ledger.TableStore;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The shared ledger in the PostgreSQL table {@code playtcha_ledger}: a {@link TableStore} over a
 * {@link JdbcTable}, opened on the {@code DataSource} that {@code playtcha.ledger.datasource} names
 * once its tables are created or checked ({@link LedgerSchema}). Why: design/ledger.md.
 */
public final class JdbcStore {

    /** The shortest network timeout of a ledger connection: a claim's statement's own at the least ({@link JdbcTable#limit}). */
    static final Duration CUT_AT_LEAST = Duration.ofSeconds(2);

    private JdbcStore() {
    }

    /**
     * Opens the store on the {@code DataSource} that {@code playtcha.ledger.datasource} names, creating
     * or checking its tables; the framework's {@code resources} are asked for that name first.
     *
     * @throws InvalidSettingException naming the key when there is no such {@code DataSource}, its
     *                                 database cannot be reached, or its tables are missing or newer
     */
    public static TableStore open(PlaytchaSettings.Ledger settings, VerifierClock clock, String threads, Resources resources) {
        String name = settings.dataSource();
        return open(DataSourceLookup.find(name, resources), name, settings, clock, threads);
    }

    /**
     * The same on a {@code DataSource} at hand; {@code name} says which in messages (credentials
     * masked: {@link Redaction}). {@code clock} paces the look for orphans and dates a run of failed
     * writes; leases are the database's own time ({@code now()}), which every node shares. Its threads
     * are {@code <threads>-claim}, {@code -writer} and {@code -lease} (the verifier's: {@code playtcha-verifier-N-ledger}).
     */
    public static TableStore open(DataSource db, String name, PlaytchaSettings.Ledger settings, VerifierClock clock, String threads) {
        Redaction redaction = Redaction.of(db);
        try (Connection c = db.getConnection()) {
            LedgerSchema.ensure(c, settings.createSchema(), name);
        } catch (InvalidSettingException e) {
            throw e; // the schema's own answer: it names the key already
        } catch (SQLException | RuntimeException e) {
            // a pool that cannot start throws unchecked (Hikari's "Failed to get driver instance for jdbcUrl=...")
            throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "names a database that cannot be used ("
                    + e.getClass().getSimpleName() + (e instanceof SQLException q ? ", SQL state " + q.getSQLState() : "")
                    + ": " + redaction.message(e) + "); check that it is up and PostgreSQL, like "
                    + "java:comp/DefaultDataSource; got " + name);
        }
        TimedDataSource timed = new TimedDataSource(db, cutAfter(settings.lease()));
        return new TableStore(new JdbcTable(timed, name, redaction, clock), settings, clock, threads);
    }

    /**
     * The network timeout of the ledger's connections ({@link TimedDataSource}): {@code playtcha.ledger.lease},
     * at least {@link #CUT_AT_LEAST}. It frees a thread whose database vanished under its connection (an
     * interrupt ends no socket read). A request never waits for it: a claim waits {@code playtcha.cluster.timeout}
     * and gives its statement a bound of its own ({@link JdbcTable#limit}). The background calls (renewals, steps,
     * the writer's inserts) may wait that long, since past the lease the rows they are for are another node's to
     * take over anyway, and every step checks ownership again; shorter (a third of the lease, 300 ms in a test)
     * cut a loaded machine's healthy answers.
     */
    static Duration cutAfter(Duration lease) {
        return lease.compareTo(CUT_AT_LEAST) < 0 ? CUT_AT_LEAST : lease;
    }
}
