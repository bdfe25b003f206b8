package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The failover figures of docs/redis.md ("Failovers and resharding, measured"), measured on real
 * {@code redis-server}s with the settings it prints beside them: two instances under load ({@link TwoInstancesLoad}:
 * a Playtcha outage, so every verify claims its token; a greedy client; an attacker's guesses at one account), and
 * each kind of primary killed ({@link Failovers}): a Sentinel group's; a Redis Cluster's that serves none of the
 * library's one-slot keys, the login counts' and the ledger's, with {@code cluster-require-full-coverage no}; and the
 * first of those with Redis's default {@code yes}, where every slot answers {@code CLUSTERDOWN} at the promotion.
 * Times depend on the machine and the servers' settings; counts of claims depend on the load's pace.
 *
 * <p>Not part of the build: run it with {@code ./mvnw -B -ntp -pl playtcha-jakarta-redis-tests -am verify
 * -Dtest=RedisFailoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dplaytcha.failover-benchmark=true}; it
 * writes {@code target/failover-figures.md}.
 */
@EnabledIfSystemProperty(named = "playtcha.failover-benchmark", matches = "true")
@ExtendWith(PlaytchaSimulatorExtension.class)
class RedisFailoverBenchmark {

    @Test
    @Timeout(1800)
    void figures(PlaytchaSimulator sim) throws Exception {
        sim.inject(Fault.serverError(503, "db_error"));
        List<String> report = new ArrayList<>(List.of("Two instances, `cluster.timeout` " + TwoInstancesLoad.TIMEOUT.toMillis()
                + " ms, 4 load threads; Redis " + version() + ", no persistence; primaries killed with SIGKILL, then started "
                + "again as replicas.", ""));

        report.add("**Sentinel group**: a primary, two replicas, three Sentinels (quorum 2), `sentinel down-after-milliseconds "
                + "1000`, `failover-timeout 10000`, `parallel-syncs 1`.");
        report.add("");
        report.add(Failovers.HEAD);
        try (SentinelGroup group = SentinelGroup.start()) {
            TwoInstancesLoad load = new TwoInstancesLoad(sim, group.uri(), 4);
            try (Failovers failovers = new Failovers(load)) {
                load.awaitRounds(100, () -> load.sharedRounds.get() >= 300, "claims answered through the Sentinels' primary");
                RedisServer[] old = new RedisServer[1];
                report.add(failovers.observe("the group's primary", () -> old[0] = group.kill(), () -> group.awaitFailover(old[0]), () -> {
                    old[0].startAgain();
                    group.awaitReplica(old[0]);
                }).row());
            } finally {
                load.close();
            }
        }

        for (String coverage : List.of("no", "yes")) {
            report.add("");
            report.add("**Redis Cluster**: three primaries, a replica each, `cluster-node-timeout 2000`, "
                    + "`cluster-replica-validity-factor 0`, `cluster-require-full-coverage " + coverage + "`.");
            report.add("");
            report.add(Failovers.HEAD);
            try (ClusterNodes cluster = ClusterNodes.start(List.of("--cluster-require-full-coverage", coverage))) {
                TwoInstancesLoad load = new TwoInstancesLoad(sim, cluster.uri(3), 4);
                try (Failovers failovers = new Failovers(load)) {
                    load.awaitRounds(100, () -> load.sharedRounds.get() >= 300, "claims answered by the cluster");
                    int ledger = cluster.slot(RedisKeys.LEDGER + "live");
                    int login = cluster.slot(RedisKeys.LOGIN + "x");
                    RedisServer none = cluster.primaries().stream().filter(p -> p != cluster.ownerOf(ledger) && p != cluster.ownerOf(login))
                            .findFirst().orElseThrow();
                    report.add(RedisClusterFailoverTest.kill(failovers, cluster, none, "one serving none of the library's keys").row());
                    if (coverage.equals("no")) {
                        report.add(RedisClusterFailoverTest.kill(failovers, cluster, cluster.ownerOf(login), "the login counts' "
                                + "(`{login}`)").row());
                        report.add(RedisClusterFailoverTest.kill(failovers, cluster, cluster.ownerOf(ledger), "the ledger's "
                                + "(`{ledger}`)").row());
                    }
                } finally {
                    load.close();
                }
            }
        }
        String text = String.join("\n", report) + "\n";
        Files.writeString(Path.of("target/failover-figures.md"), text);
        System.out.println(text);
    }

    private static String version() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/redis-server", "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        int v = out.indexOf("v=");
        return v < 0 ? out : out.substring(v + 2, out.indexOf(' ', v));
    }
}
