package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Function;

/**
 * What a verify costs a node whose cluster shares through Redis ({@code playtcha.redis.uri} on
 * {@code redis-server}s this JVM starts, loopback, no persistence: one server, a Sentinel group, a Redis
 * Cluster, {@link RedisProcess}), one thread posting to the simulator: the scripts Redis ran per verify
 * (each a round trip: {@code INFO commandstats}) and the {@code WAIT}s sent with them, the node's CPU per
 * verify (this JVM's, all threads) and Redis's (all its servers), and the verify's p50 and p99. Three rows: the happy path
 * from 256 addresses with a budget no address reaches (as the load benchmark's cluster part), the same with
 * the default budget (each address told about every 3 of its verifies), and a Playtcha outage (503 to every
 * verify: each request fails open and claims its token). Login attempts: {@link LoginCountBenchmark}.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl benchmarks -am -DskipTests package}, then this class's {@code main}
 * with the module's class path (an argument {@code single}, {@code sentinel} or {@code cluster}: that one alone). Scripts are counts and do not depend on the machine's load; the times do.
 */
public final class RedisCostBenchmark {

    private static final int VERIFIES = 5_000;

    private RedisCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!RedisProcess.available()) {
            System.out.println("redis-server is not installed (apt-get install redis-server): no Redis rows");
            return;
        }
        System.out.println("| Redis | Verifies | Scripts per verify | WAITs per verify | Node CPU per verify (µs) | Redis CPU per verify (µs) "
                + "| p50 (ms) | p99 (ms) |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        try (PlaytchaSimulator sim = PlaytchaSimulator.start()) {
            for (String[] topology : RedisProcess.TOPOLOGIES) {
                if (args.length > 0 && !args[0].equals(topology[0])) {
                    continue;
                }
                try (RedisProcess redis = RedisProcess.of(topology[0])) {
                    String name = "| " + topology[1] + " ";
                    System.out.println(name + row("happy path, 256 addresses, a budget none reaches", sim, redis,
                            b -> b.clientBudgetBurst(1_000_000).clientBudgetPerMinute(60_000_000)));
                    System.out.println(name + row("happy path, 256 addresses, the default budget", sim, redis, b -> b));
                    sim.inject(Fault.serverError(503, "db_error"));
                    System.out.println(name + row("Playtcha down: every verify fails open and claims its token", sim, redis,
                            b -> b.clientBudgetBurst(1_000_000).clientBudgetPerMinute(60_000_000)));
                    sim.clearFaults();
                }
            }
        }
    }

    private static String row(String what, PlaytchaSimulator sim, RedisProcess redis, Function<PlaytchaSettings.Builder, PlaytchaSettings.Builder> budget)
            throws Exception {
        PlaytchaSettings settings = budget.apply(PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).redisUri(redis.uri())).build();
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            Policy policy = verifier.policy();
            run(verifier, policy, sim, 1_000, "10.1."); // warm-up, other addresses
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long scripts = redis.scripts();
            long waits = redis.waits();
            double redisCpu = redis.cpuSeconds();
            long cpu = os.getProcessCpuTime();
            long[] nanos = run(verifier, policy, sim, VERIFIES, "10.2.");
            long cpuPer = (os.getProcessCpuTime() - cpu) / VERIFIES;
            double redisPer = (redis.cpuSeconds() - redisCpu) * 1e6 / VERIFIES;
            Arrays.sort(nanos);
            return String.format("| %s | %.3f | %.3f | %.0f | %.1f | %.3f | %.3f |", what, (double) (redis.scripts() - scripts) / VERIFIES,
                    (double) (redis.waits() - waits) / VERIFIES, cpuPer / 1e3, redisPer, nanos[VERIFIES / 2] / 1e6,
                    nanos[VERIFIES * 99 / 100] / 1e6);
        }
    }

    /** {@code n} verifies, each with a fresh token, from 256 addresses in turn; their times. */
    private static long[] run(PlaytchaVerifier verifier, Policy policy, PlaytchaSimulator sim, int n, String net) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            String token = sim.mintToken();
            String address = net + (i % 256 / 16) + "." + (i % 16 + 1);
            long start = System.nanoTime();
            verifier.verify(token, address, "/signup", policy);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }
}
