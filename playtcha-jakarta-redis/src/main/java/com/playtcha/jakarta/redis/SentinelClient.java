package com.playtcha.jakarta.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ExecutorService;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Lettuce's {@link RedisClient} asking a Sentinel group for its primary at each connection, as Lettuce does,
 * but bounding the question by its connections' own timeouts instead of Reactor's global timer: Lettuce's
 * lookup waits with {@code Mono.timeout}, which starts Reactor's {@code parallel} threads for the JVM, and in
 * a web application they would outlive it and keep its class loader after an undeploy. So the lookup is
 * written here, through the hook Lettuce documents for it ({@link #getSocketAddress}): each Sentinel in
 * turn is asked {@code SENTINEL GET-MASTER-ADDR-BY-NAME} over a connection of its own (connect and command
 * bounded by the URI's timeout, on Lettuce's own timer), on a thread of the link's ({@code lookups}), and
 * the first answer wins; a group no Sentinel knows fails in Lettuce's own words, which
 * {@link RedisFailure#refusal} reads. Users: {@link RedisTopology}.
 */
final class SentinelClient extends RedisClient {

    private final ExecutorService lookups;

    /** @param lookups where a lookup runs (off Lettuce's event loops, which a lookup's waits would hold up) */
    SentinelClient(ClientResources resources, ExecutorService lookups) {
        super(resources, new RedisURI());
        this.lookups = lookups;
    }

    @Override
    protected Mono<SocketAddress> getSocketAddress(RedisURI redisURI) {
        if (redisURI.getSentinelMasterId() == null || redisURI.getSentinels().isEmpty()) {
            return super.getSocketAddress(redisURI);
        }
        return Mono.fromCallable(() -> primaryOf(redisURI)).subscribeOn(Schedulers.fromExecutorService(lookups, "playtcha-sentinel"));
    }

    /**
     * The primary's address by the first Sentinel that knows the group; a group that no Sentinel reached knows fails
     * as one unknown, since one Sentinel may not know it (just started, its configuration not yet read) where the others do.
     */
    private SocketAddress primaryOf(RedisURI group) {
        RuntimeException last = null;
        boolean unknown = false;
        for (RedisURI sentinel : group.getSentinels()) {
            SocketAddress primary;
            try (StatefulRedisSentinelConnection<String, String> c = connectSentinel(StringCodec.UTF8, sentinel)) {
                primary = c.sync().getMasterAddrByName(group.getSentinelMasterId());
            } catch (RuntimeException away) {
                last = away;
                continue;
            }
            if (primary instanceof InetSocketAddress isa) {
                return getResources().socketAddressResolver().resolve(RedisURI.create(isa.getHostString(), isa.getPort()));
            }
            unknown = true;
        }
        if (unknown) {
            throw new RedisConnectionException("Cannot provide redisAddress using sentinel for masterId "
                    + group.getSentinelMasterId()); // Lettuce's own words, which RedisFailure.refusal reads
        }
        throw new RedisConnectionException("Cannot connect to any Redis Sentinel of " + group.getSentinels().size(), last);
    }
}
