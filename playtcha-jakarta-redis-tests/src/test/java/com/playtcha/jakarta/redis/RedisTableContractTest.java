package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.cluster.ledger.LedgerTable;
import com.playtcha.jakarta.cluster.ledger.SharedStoreContract;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared store's contract (the one PostgreSQL and the memory table pass) on a real {@code redis-server}:
 * each node a {@link RedisTable} on the one connection; time passes for the leases by moving the rows'
 * lease and done times back, since the scripts date them with the server's {@code TIME}.
 */
class RedisTableContractTest extends SharedStoreContract {

    @RegisterExtension
    static final RedisStore REDIS = new RedisStore();

    private RedisLink link;

    @BeforeEach
    void link() {
        link = REDIS.link();
    }

    @Override
    protected LedgerTable table() {
        return new RedisTable(link.calls(), VerifierClock.SYSTEM);
    }

    /** Every row's lease and done time, and their sorted sets' scores, {@code by} earlier. */
    @Override
    protected void age(Duration by) {
        link.calls().call(RedisKeys.Script.of("""
                local p, by = ARGV[1], tonumber(ARGV[2])
                for _, set in ipairs({'live', 'done'}) do
                  local field = set == 'live' and 'leased' or 'done'
                  local all = redis.call('ZRANGE', p .. set, 0, -1, 'WITHSCORES')
                  for i = 1, #all, 2 do
                    local at = tonumber(all[i + 1]) - by
                    redis.call('ZADD', p .. set, at, all[i])
                    redis.call('HSET', p .. 'row:' .. all[i], field, string.format('%d', at))
                  end
                end
                return 1
                """), io.lettuce.core.ScriptOutputType.INTEGER, List.of(),
                new byte[][] {RedisKeys.bytes(RedisKeys.LEDGER), RedisKeys.bytes(Long.toString(by.toMillis()))}, null);
    }
}
