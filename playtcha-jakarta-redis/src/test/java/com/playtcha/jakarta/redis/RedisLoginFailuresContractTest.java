package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.budget.LoginFailuresContract;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The login counts' contract (the one PostgreSQL and JCache pass) on a real {@code redis-server}. */
class RedisLoginFailuresContractTest extends LoginFailuresContract {

    private static RedisServer server;

    private final List<LoginFailures> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected LoginFailures node(LoginFailures.Limits limits) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(server.uri(0))
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // the longest: on a busy machine nothing here is to time out
        RedisLink link = RedisLink.acquire(settings.ledger().redis(), settings.clusterTimeout());
        LoginFailures node = RedisBackend.loginFailures(link, settings, limits, LocalCounts.loginFailures(limits, clock), clock,
                "playtcha-verifier-contract-" + nodes.size());
        nodes.add(node);
        return node;
    }

    @AfterEach
    void close() {
        nodes.forEach(LoginFailures::close);
        server.send("FLUSHDB");
    }
}
