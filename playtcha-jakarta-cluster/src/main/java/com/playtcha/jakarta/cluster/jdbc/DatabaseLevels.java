package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.cluster.counts.Levels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The login counts' levels in the table {@code playtcha_login_count} of the ledger's PostgreSQL, one row
 * per key ({@code login-failure-postgresql.sql}), each call one statement in auto-commit: one round trip.
 * An attempt's account and client keys are raised in one {@code INSERT ... ON CONFLICT DO UPDATE}, whose
 * row locks make each key's step atomic across nodes, all or none of them ({@link #ADMIT}); keys are
 * written in ascending order, so two statements never wait on each other's rows in a cycle. The SQL is
 * {@link Levels}' rule, its constants ({@link Levels#OVER}, {@link Levels#KEEP}) passed in as parameters;
 * a row's {@code expires_at} is when it has drained and {@code KEEP} more, which {@link #clean} reads.
 *
 * <p>Hand-written, where the rest of the module uses Bucket4j: Bucket4j's PostgreSQL proxy runs one
 * transaction of three statements per bucket per call and has no operation on several keys, so an
 * attempt's account and client took two transactions to admit and two more for its outcome (about five
 * round trips an ordinary login); a level per key needs one statement per call.
 */
final class DatabaseLevels implements Levels {

    /** A key's level drained to the statement's time at its own rate (never below zero), in the upsert's names. */
    private static final String DRAINED = "GREATEST(0, t.level - GREATEST(EXCLUDED.at - t.at, 0) * t.per_ms)";
    /**
     * Raises each key's level by one, after draining what its rate let go since its last change; the key
     * drains at the call's rate from then on. Parameters: now, keep (ms), the keys, their rates, keep.
     */
    private static final String RAISE = """
            INSERT INTO playtcha_login_count AS t (id, level, at, per_ms, expires_at)
            SELECT k, 1, u.now, r, u.now + CEIL(1 / r)::BIGINT + u.keep
            FROM (SELECT ?::BIGINT AS now, ?::BIGINT AS keep) AS u, unnest(?::BIGINT[], ?::FLOAT8[]) AS v(k, r) ORDER BY k
            ON CONFLICT (id) DO UPDATE SET
              level = DRAINED + 1,
              at = GREATEST(t.at, EXCLUDED.at),
              per_ms = EXCLUDED.per_ms,
              expires_at = GREATEST(t.at, EXCLUDED.at) + CEIL((DRAINED + 1) / EXCLUDED.per_ms)::BIGINT + ?::BIGINT
            """.replace("DRAINED", DRAINED);
    private static final String ADD = RAISE + "RETURNING id, level";
    /**
     * {@link #RAISE} where each key has room ({@link Levels#room}: parameters the window and {@link Levels#OVER}),
     * and the whole statement undone (a division by zero, SQL state 22012, read as "refused") when some key had
     * none (the last parameter: how many keys): all or nothing in one statement, which a data-modifying
     * {@code WITH} cannot otherwise undo. Keys with no room are left as they were: a refused attempt counts nothing.
     */
    private static final String ADMIT = "WITH up AS (\n" + RAISE + """
            WHERE DRAINED + 1 <= EXCLUDED.per_ms * ? + ?
            RETURNING id)
            SELECT 1 / (CASE WHEN (SELECT count(*) FROM up) = ? THEN 1 ELSE 0 END) FROM up""".replace("DRAINED", DRAINED);
    /** The SQL state of a division by zero: {@link #ADMIT} refused. */
    private static final String REFUSED = "22012";
    /** Parameters: now, keep (ms), the keys. */
    private static final String GIVE_BACK = """
            UPDATE playtcha_login_count AS t SET
              level = GREATEST(0, t.level - GREATEST(u.now - t.at, 0) * t.per_ms - 1),
              at = GREATEST(t.at, u.now),
              expires_at = GREATEST(t.at, u.now) + CEIL(GREATEST(0, t.level - GREATEST(u.now - t.at, 0) * t.per_ms - 1) / t.per_ms)::BIGINT
                + u.keep
            FROM (SELECT ?::BIGINT AS now, ?::BIGINT AS keep) AS u WHERE t.id = ANY(?::BIGINT[])""";
    private static final String READ = """
            SELECT id, GREATEST(0, level - GREATEST(? - at, 0) * per_ms) FROM playtcha_login_count WHERE id = ANY(?::BIGINT[])""";
    private static final String CLEAN = """
            DELETE FROM playtcha_login_count WHERE id IN (SELECT id FROM playtcha_login_count WHERE expires_at < ? LIMIT ?)""";

    private final DataSource db;

    DatabaseLevels(DataSource db) {
        this.db = db;
    }

    @Override
    public boolean admit(long[] keys, double[] perMilli, double windowMillis, long nowMillis) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(ADMIT)) {
            raise(c, s, keys, perMilli, nowMillis);
            s.setDouble(6, windowMillis);
            s.setDouble(7, Levels.OVER);
            s.setInt(8, keys.length);
            try (ResultSet added = s.executeQuery()) {
                int rows = 0;
                while (added.next()) {
                    rows++;
                }
                return rows == keys.length;
            }
        } catch (SQLException e) {
            if (REFUSED.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException(e);
        }
    }

    @Override
    public double[] add(long[] keys, double[] perMilli, long nowMillis) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(ADD)) {
            raise(c, s, keys, perMilli, nowMillis);
            return inOrder(keys, s.executeQuery());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void giveBack(long[] keys, long nowMillis) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(GIVE_BACK)) {
            s.setLong(1, nowMillis);
            s.setLong(2, Levels.KEEP.toMillis());
            s.setArray(3, c.createArrayOf("bigint", boxed(keys)));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public double[] read(long[] keys, long nowMillis) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(READ)) {
            s.setLong(1, nowMillis);
            s.setArray(2, c.createArrayOf("bigint", boxed(keys)));
            return inOrder(keys, s.executeQuery());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int clean(long nowMillis, int batch) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(CLEAN)) {
            s.setLong(1, nowMillis);
            s.setInt(2, batch);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #RAISE}'s parameters, the first five of {@link #ADD}'s and {@link #ADMIT}'s. */
    private static void raise(Connection c, PreparedStatement s, long[] keys, double[] perMilli, long nowMillis) throws SQLException {
        s.setLong(1, nowMillis);
        s.setLong(2, Levels.KEEP.toMillis());
        s.setArray(3, c.createArrayOf("bigint", boxed(keys)));
        s.setArray(4, c.createArrayOf("float8", boxed(perMilli)));
        s.setLong(5, Levels.KEEP.toMillis());
    }

    /** A connection in auto-commit: each statement its own transaction, no commit round trip. */
    private Connection connection() throws SQLException {
        Connection c = db.getConnection();
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static Long[] boxed(long[] keys) {
        Long[] boxed = new Long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            boxed[i] = keys[i];
        }
        return boxed;
    }

    private static Double[] boxed(double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static double[] inOrder(long[] keys, ResultSet rows) throws SQLException {
        try (rows) {
            Map<Long, Double> levels = new HashMap<>();
            while (rows.next()) {
                levels.put(rows.getLong(1), rows.getDouble(2));
            }
            double[] inOrder = new double[keys.length];
            for (int i = 0; i < keys.length; i++) {
                inOrder[i] = levels.getOrDefault(keys[i], 0.0);
            }
            return inOrder;
        }
    }
}
