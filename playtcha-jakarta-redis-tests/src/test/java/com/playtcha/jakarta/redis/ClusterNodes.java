package com.playtcha.jakarta.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of real {@code redis-server}s on free loopback ports (each with its bus port given,
 * {@code --cluster-port}): three primaries, each with a replica, made with {@code redis-cli --cluster create};
 * slots moved under load by hand ({@link #moveSlot}: {@code SETSLOT IMPORTING/MIGRATING}, {@code MIGRATE},
 * {@code SETSLOT NODE}, as {@code redis-cli} does it) or in bulk ({@link #reshard}). {@link #close} stops
 * every process, whatever happened.
 */
final class ClusterNodes implements AutoCloseable {

    private static final Path CLI = Path.of("/usr/bin/redis-cli");

    private final List<RedisServer> nodes = new ArrayList<>();

    private ClusterNodes() {
    }

    /** Six nodes, three primaries with a replica each, every slot served and every node saying so. */
    static ClusterNodes start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** {@link #start()} with {@code more} of each node's settings ({@code --name value}). */
    static ClusterNodes start(List<String> more) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(CLI), "redis-cli is not installed (apt-get install redis-tools): the Redis Cluster tests are skipped");
        ClusterNodes cluster = new ClusterNodes();
        try {
            for (int i = 0; i < 6; i++) {
                List<String> settings = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000", "--cluster-port", Integer.toString(RedisServer.freePort()),
                        // a replica takes over whenever it last heard from its primary (Redis 7.0 otherwise judges a fresh
                        // cluster's replica, which its primary pings once in 10 s, too long cut off to take over)
                        "--cluster-replica-validity-factor", "0"));
                settings.addAll(more);
                cluster.nodes.add(RedisServer.start(settings));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            cluster.nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            cli(create);
            for (RedisServer n : cluster.nodes) {
                SentinelGroup.await(() -> n.info("cluster").contains("cluster_enabled:1") && String.valueOf(n.reply("CLUSTER INFO"))
                        .contains("cluster_state:ok"), "every node says the cluster is ok");
            }
            for (RedisServer node : cluster.nodes) {
                SentinelGroup.await(() -> !node.info("replication").contains("role:slave") || node.info("replication")
                        .contains("master_link_status:up"), "each replica is in sync with its primary (it acknowledges)");
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code redis://} naming the first {@code seeds} nodes. */
    String uri(int seeds) {
        StringBuilder hosts = new StringBuilder();
        for (RedisServer n : nodes.subList(0, seeds)) {
            hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(n.port());
        }
        return "redis://" + hosts;
    }

    /** Every node, primaries and replicas. */
    List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    List<RedisServer> primaries() {
        return nodes.stream().filter(n -> n.info("replication").contains("role:master")).toList();
    }

    /** A node's id ({@code CLUSTER MYID}). */
    static String id(RedisServer node) {
        return node.reply("CLUSTER MYID").get(0);
    }

    /** The slot of {@code key}. */
    int slot(String key) {
        List<String> answer = nodes.stream().map(n -> n.reply("CLUSTER KEYSLOT " + key)).filter(r -> !r.isEmpty()).findFirst().orElseThrow();
        return Integer.parseInt(answer.get(0).substring(1));
    }

    /** The primary serving {@code slot} now, by the {@code CLUSTER NODES} of the first node that answers. */
    RedisServer ownerOf(int slot) {
        List<String> view = nodes.stream().map(n -> n.reply("CLUSTER NODES")).filter(r -> !r.isEmpty()).findFirst().orElseThrow();
        for (String line : view.get(0).split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail") || !serves(line, slot)) {
                continue;
            }
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
            return nodes.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
        }
        throw new IllegalStateException("no primary serves slot " + slot);
    }

    private static boolean serves(String nodesLine, int slot) {
        String[] f = nodesLine.split(" ");
        for (int i = 8; i < f.length; i++) {
            if (f[i].startsWith("[")) {
                continue; // a slot being moved
            }
            String[] range = f[i].split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    /** Moves {@code slot} with its keys from {@code from} to {@code to}, under whatever load runs. */
    void moveSlot(int slot, RedisServer from, RedisServer to) throws IOException, InterruptedException {
        cli(List.of("-p", Integer.toString(to.port()), "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", id(from)));
        cli(List.of("-p", Integer.toString(from.port()), "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", id(to)));
        while (true) {
            List<String> keys = from.reply("CLUSTER GETKEYSINSLOT " + slot + " 100");
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("-p", Integer.toString(from.port()), "MIGRATE", "127.0.0.1",
                    Integer.toString(to.port()), "", "0", "5000", "KEYS"));
            migrate.addAll(keys);
            cli(migrate);
        }
        for (RedisServer primary : List.of(to, from)) {
            cli(List.of("-p", Integer.toString(primary.port()), "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", id(to)));
        }
        for (RedisServer primary : primaries()) { // the others learn it too, rather than from the bus alone
            cli(List.of("-p", Integer.toString(primary.port()), "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", id(to)));
        }
    }

    /** Moves {@code slots} slots (the first {@code from} serves) with their keys to {@code to}: {@code redis-cli --cluster reshard}. */
    void reshard(RedisServer from, RedisServer to, int slots) throws IOException, InterruptedException {
        cli(List.of("--cluster", "reshard", "127.0.0.1:" + from.port(), "--cluster-from", id(from), "--cluster-to", id(to),
                "--cluster-slots", Integer.toString(slots), "--cluster-yes", "--cluster-pipeline", "100"));
    }

    private static String cli(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CLI.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 || out.contains("ERR") || out.contains("[ERR]")) {
            throw new IOException("redis-cli " + String.join(" ", args) + ": " + out);
        }
        return out;
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
