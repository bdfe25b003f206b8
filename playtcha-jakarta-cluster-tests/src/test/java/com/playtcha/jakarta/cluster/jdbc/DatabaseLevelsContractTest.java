package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.cluster.counts.Levels;
import com.playtcha.jakarta.cluster.counts.LevelsContract;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The levels' contract on the embedded PostgreSQL: the SQL of {@link DatabaseLevels}, each node on a pool of its
 * own, the tables made as a node's start makes them; a key's keeping read from its row ({@code expires_at - at}).
 */
class DatabaseLevelsContractTest extends LevelsContract {

    private static ContractDatabase database;
    private int nodes;

    @BeforeAll
    static void open() {
        database = new ContractDatabase();
        BudgetTable.LOGIN_FAILURES.open(database.pool(0), "the contract's database", true, ExecutionStrategy.SAME_TREAD,
                io.github.bucket4j.TimeMeter.SYSTEM_MILLISECONDS, ExpirationAfterWriteStrategy.none());
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected Levels levels() {
        return new DatabaseLevels(database.pool(nodes++));
    }

    @Override
    protected long keptMillis(long key) {
        try (Connection c = database.pool(0).getConnection();
                PreparedStatement s = c.prepareStatement("SELECT expires_at - at FROM playtcha_login_count WHERE id = ?")) {
            s.setLong(1, key);
            try (ResultSet row = s.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
