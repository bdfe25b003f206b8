package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The ledger's tables: created on first use when allowed ({@code playtcha.ledger.create-schema}),
 * and checked at every start against the version row in {@code playtcha_ledger_schema}. A database
 * of an older version is migrated when creating is allowed, by the same script, whose statements can
 * all run again (version 2 adds the token's hash and its unique index: the token's claim; rows of
 * version 1 keep a {@code NULL} hash, which claims nothing); one of a newer version, written by a
 * newer playtcha-jakarta, is refused, since this one cannot know its rows.
 */
final class LedgerSchema {

    /** The version this library reads and writes. */
    static final int VERSION = 2;
    static final String SCRIPT = "/com/playtcha/jakarta/ledger-postgresql.sql";
    /** Serialises schema work of nodes starting at once, the client budgets' table too (any number; the same on all). */
    static final long LOCK = 0x706c6179746368L;

    private LedgerSchema() {
    }

    /**
     * Makes sure the tables are there, at {@link #VERSION}.
     *
     * @throws InvalidSettingException naming {@code playtcha.ledger.datasource} (or
     *                                 {@code create-schema}) when they are missing or newer
     */
    static void ensure(Connection c, boolean create, String name) throws SQLException {
        underLock(c, s -> {
            Integer version = version(c);
            if (version == null && !create) {
                throw new InvalidSettingException(Setting.LEDGER_CREATE_SCHEMA, "is false and the database of "
                        + name + " has no table playtcha_ledger_schema: create the tables with the SQL in the library's JAR, "
                        + SCRIPT.substring(1) + ", or set it to true");
            }
            if (version != null && version < VERSION && !create) {
                throw new InvalidSettingException(Setting.LEDGER_CREATE_SCHEMA, "is false and the database of "
                        + name + " has the ledger tables of schema version " + version + ": upgrade them to version "
                        + VERSION + " with the SQL in the library's JAR, " + SCRIPT.substring(1) + " (it can run again), "
                        + "or set it to true");
            }
            if (version != null && version > VERSION) {
                throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "names a database whose ledger tables are "
                        + "schema version " + version + ", newer than this playtcha-jakarta knows (" + VERSION
                        + "): a newer version of the library wrote them. Upgrade playtcha-jakarta on this node too, or "
                        + "name another database, like java:comp/DefaultDataSource; got " + name);
            }
            if (version == null || version < VERSION) {
                for (String statement : statements()) {
                    s.execute(statement);
                }
            }
        });
    }

    /** Work on the schema: its statements run in one transaction. */
    @FunctionalInterface
    interface SchemaWork {
        void run(Statement s) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction under the advisory lock {@link #LOCK}, so that nodes
     * starting at once do their schema work one after the other (the ledger's tables and the client
     * budgets' table alike); a failure rolls it all back.
     */
    static void underLock(Connection c, SchemaWork work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            work.run(s);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The version row, or {@code null} when there is no table yet. */
    static Integer version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT to_regclass('playtcha_ledger_schema') IS NOT NULL")) {
            r.next();
            if (!r.getBoolean(1)) {
                return null;
            }
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM playtcha_ledger_schema")) {
            r.next();
            int version = r.getInt(1);
            return r.wasNull() ? null : version;
        }
    }

    /** The shipped script, one statement per {@code ;} at a line's end, comments dropped. */
    static List<String> statements() {
        return statements(SCRIPT);
    }

    /** A shipped script's statements (the client budgets' table has one of its own). */
    static List<String> statements(String script) {
        try (InputStream in = LedgerSchema.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException(script + " is missing from the library's JAR");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
            return Arrays.stream(text.split(";\\s*\n")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
