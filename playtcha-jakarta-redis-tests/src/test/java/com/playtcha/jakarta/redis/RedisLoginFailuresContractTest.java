package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.budget.LoginFailuresContract;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The login counts' contract (the one PostgreSQL and JCache pass) on a real {@code redis-server}. */
class RedisLoginFailuresContractTest extends LoginFailuresContract {

    @RegisterExtension
    static final RedisStore REDIS = new RedisStore();

    private final List<LoginFailures> nodes = new ArrayList<>();

    @Override
    protected LoginFailures node(LoginFailures.Limits limits) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_redis").redisUri(REDIS.server().uri(0))
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // the longest: on a busy machine nothing here is to time out
        LoginFailures node = RedisBackend.loginFailures(REDIS.link(), settings, limits, LocalCounts.loginFailures(limits, clock), clock,
                "playtcha-verifier-contract-" + nodes.size());
        nodes.add(node);
        return REDIS.closedAfterTest(node, LoginFailures::close);
    }
}
