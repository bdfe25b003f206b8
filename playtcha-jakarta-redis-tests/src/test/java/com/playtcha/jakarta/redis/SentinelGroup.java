package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A Sentinel group of real {@code redis-server}s on free loopback ports: a primary, two replicas of it (so a
 * claim finds one while the other is down), and three Sentinels ({@code redis-server <conf> --sentinel}) with a
 * quorum of two that take a primary for
 * down after a second without an answer. {@link #kill} kills the primary (SIGKILL), {@link #awaitFailover}
 * waits until the Sentinels name the replica; {@link #close} stops every process, whatever happened.
 */
final class SentinelGroup implements AutoCloseable {

    static final String GROUP = "playtcha-primary";

    private final List<RedisServer> servers = new ArrayList<>();
    private final List<RedisServer> sentinels = new ArrayList<>();

    private SentinelGroup() {
    }

    /** The group started, every Sentinel knowing the replica and the two other Sentinels. */
    static SentinelGroup start() throws IOException, InterruptedException {
        SentinelGroup group = new SentinelGroup();
        try {
            RedisServer primary = RedisServer.start();
            group.servers.add(primary);
            for (int i = 0; i < 2; i++) {
                group.servers.add(RedisServer.start(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port()))));
            }
            for (int i = 0; i < 3; i++) {
                group.sentinels.add(RedisServer.sentinel(primary.port(), GROUP, 2));
            }
            await(() -> says(primary, "connected_slaves:2"), "the replicas are connected");
            for (RedisServer replica : group.servers.subList(1, 3)) {
                await(() -> says(replica, "master_link_status:up"), "each replica is in sync (it acknowledges)");
            }
            for (RedisServer s : group.sentinels) {
                await(() -> String.valueOf(s.reply("SENTINEL CKQUORUM " + GROUP)).contains("3 usable Sentinels")
                        && s.reply("SENTINEL REPLICAS " + GROUP).stream().filter("name"::equals).count() == 2,
                        "each Sentinel knows the others and the replicas");
            }
            return group;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            group.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://} with the three Sentinels, the group and database 0. */
    String uri() {
        StringBuilder hosts = new StringBuilder();
        for (RedisServer s : sentinels) {
            hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(s.port());
        }
        return "redis-sentinel://" + hosts + "/0#" + GROUP;
    }

    /** The server the Sentinels name as the primary now. */
    RedisServer primary() {
        List<String> address = sentinels.get(0).reply("SENTINEL GET-MASTER-ADDR-BY-NAME " + GROUP);
        int port = Integer.parseInt(address.get(1));
        return servers.stream().filter(s -> s.port() == port).findFirst().orElseThrow();
    }

    /** The servers that are not the primary. */
    List<RedisServer> replicas() {
        RedisServer primary = primary();
        return servers.stream().filter(s -> s != primary).toList();
    }

    /** Kills the primary (SIGKILL), and returns it: down, until started again. */
    RedisServer kill() throws InterruptedException {
        RedisServer old = primary();
        old.stop();
        return old;
    }

    /** Until every Sentinel names a server other than {@code old}, and it says it is the primary. */
    void awaitFailover(RedisServer old) throws InterruptedException {
        for (RedisServer s : sentinels) {
            await(() -> {
                List<String> address = s.reply("SENTINEL GET-MASTER-ADDR-BY-NAME " + GROUP);
                return address.size() == 2 && !address.get(1).equals(Integer.toString(old.port()));
            }, "the Sentinels name a replica");
        }
        RedisServer next = primary();
        await(() -> says(next, "role:master"), "the replica takes over");
    }

    /** Until {@code server}, started again, replicates the primary the Sentinels name. */
    void awaitReplica(RedisServer server) throws InterruptedException {
        await(() -> says(server, "master_link_status:up"), "the server back is a replica in sync");
    }

    /**
     * Whether {@code server}'s replication section says {@code what}; not yet when it cannot be read: a server that
     * changes its role drops its clients (a loaded run met "Connection reset" there), and one started again may not
     * be listening yet.
     */
    static boolean says(RedisServer server, String what) {
        try {
            return server.info("replication").contains(what);
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** Until {@code value} gives what {@code good} takes (a failure to give it counts as not yet); that value. */
    static <T> T awaitValue(java.util.function.Supplier<T> value, java.util.function.Predicate<T> good, String what)
            throws InterruptedException {
        List<T> found = new ArrayList<>();
        await(() -> {
            try {
                T v = value.get();
                if (good.test(v)) {
                    found.add(v);
                    return true;
                }
            } catch (RuntimeException notYet) {
                // not yet
            }
            return false;
        }, what);
        return found.get(0);
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 2 minutes: " + what);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServer::close);
        servers.forEach(RedisServer::close);
    }
}
