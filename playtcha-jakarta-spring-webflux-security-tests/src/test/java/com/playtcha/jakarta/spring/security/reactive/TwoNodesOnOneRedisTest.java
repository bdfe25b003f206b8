package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.testredis.RedisServer;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The two reactive nodes of {@link TwoNodesOnOneStore} on one Redis ({@code playtcha.redis.uri}, a real redis-server;
 * the class is skipped, saying so, where it is not installed): the login counts are asked through the Redis module's
 * Lettuce connection and its blocking calls, on the guard's counts threads.
 */
class TwoNodesOnOneRedisTest extends TwoNodesOnOneStore {

    private RedisServer redis;

    @Override
    void startStore() throws Exception {
        redis = RedisServer.start(List.of());
    }

    @Override
    SpringApplicationBuilder onTheStore(SpringApplicationBuilder node) {
        return node.properties("playtcha.redis.uri=redis://127.0.0.1:" + redis.port());
    }

    @Override
    void stopStore() {
        if (redis != null) {
            redis.close();
        }
    }
}
