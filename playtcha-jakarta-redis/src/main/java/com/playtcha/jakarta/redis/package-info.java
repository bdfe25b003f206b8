/**
 * The module {@code playtcha-jakarta-redis}: what several nodes of a cluster share, on a Redis or Valkey
 * server ({@code playtcha.redis.uri}): {@code RedisBackend}, which the cluster module finds through
 * {@code META-INF/services}, opens the cluster module's algorithms over this module's primitives: the
 * shared ledger's {@code LedgerTable} ({@code RedisTable}), the login counts' {@code Levels}
 * ({@code RedisLevels}), Bucket4j's Lettuce backend ({@code RedisBuckets}) and a {@code StoreHandle}
 * naming the server, all on one Lettuce connection per server ({@code RedisLink}) to a server, a Sentinel
 * group or a Redis Cluster ({@code RedisTopology}). Users: docs/redis.md.
 * Internal: not API, may change without notice; a jar of another version than the library's is not
 * supported.
 *
 * <p>Its rooms, from the ground up, each using only those below it (design/cluster.md, "The module's rooms"): the
 * names ({@code RedisKeys}: every key, a script, their bytes), {@code RedisFailure} with a node's {@code Reach},
 * {@code RedisReplicas} and {@code SentinelClient}; {@code RedisTopology}; a node's state ({@code RedisNodes});
 * the call path ({@code RedisCalls}); the parts on it ({@code RedisTable}, {@code RedisLevels},
 * {@code RedisBuckets}) and the epoch ({@code RedisEpoch}); {@code RedisLink}, {@code RedisLinks} and
 * {@code RedisBackend}. No import runs back up: what a lower room has to say (a node refusing, the server
 * forgetting) it tells the link through what the link gave it, and the link writes the line.
 *
 * <p>May import: {@code core}; {@code spi.store}; of the cluster module, its {@code Backend} seam
 * ({@code cluster}), {@code cluster.ledger} and {@code cluster.counts}; Lettuce ({@code io.lettuce}); Bucket4j
 * ({@code io.github.bucket4j}); of what Lettuce brings, Netty ({@code io.netty}: its thread-locals, its TLS
 * failures) and Reactor ({@code reactor.core}: Lettuce's event bus). Never the cluster module's {@code jdbc}
 * or {@code jcache}.
 */
package com.playtcha.jakarta.redis;
