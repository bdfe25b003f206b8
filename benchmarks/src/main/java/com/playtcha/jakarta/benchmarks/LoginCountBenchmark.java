package com.playtcha.jakarta.benchmarks;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.cluster.jdbc.DatabaseCounts;
import com.playtcha.jakarta.cluster.jcache.CacheBuckets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.BenchmarkCounts;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a login attempt costs under {@code playtcha.login.require=after-failures}, per store of the
 * counts: one node's memory, a cluster's PostgreSQL (the embedded one of {@code test-postgres}, a pool of 4
 * over {@link CountingDataSource}) and a cluster's JCache (one Hazelcast member in this JVM, every call
 * of the cache counted) and a cluster's Redis (a {@code redis-server} this JVM starts, each script it ran
 * counted: {@code INFO commandstats}). Per attempt: round trips (median, p99, mean) and the admission with its outcome
 * (p50, p99). Two spreads: ordinary logins (2,000 accounts from 400 addresses, one in ten failing, a
 * failed one's retry with a token counted with it) and credential stuffing (2,000 failures, each on
 * another account, from 100 addresses), each after a warm-up of as many on other accounts and addresses;
 * {@code attack-failures-per-minute} out of the way, which would otherwise ask every attempt for a token
 * after the first 100 failures and so cost nothing. Then a flood: three cold nodes on one PostgreSQL at the default
 * {@code cluster.timeout}, 24 threads per node admitting tokenless attempts on fresh accounts and
 * clients without pause (2,000 each), while 150 tokenless guesses per node go at one account.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl benchmarks -am -DskipTests package}, then this class's {@code main}
 * with the module's class path. Round trips are counts and do not depend on the machine's load; the
 * times do.
 */
public final class LoginCountBenchmark {

    /** The default limits but the application's rate, which would otherwise ask every attempt for a token after the first 100 failures. */
    private static final LoginFailures.Limits LIMITS = new LoginFailures.Limits(3, 10, Duration.ofMinutes(15), 100_000_000);
    private static final int ATTEMPTS = 2_000;

    private LoginCountBenchmark() {
    }

    /** One spread's figures. */
    record Row(String store, String spread, long[] trips, long[] nanos) {
        String markdown() {
            long[] t = trips.clone();
            long[] n = nanos.clone();
            Arrays.sort(t);
            Arrays.sort(n);
            double mean = (double) Arrays.stream(t).sum() / t.length;
            return String.format("| %s | %s | %d | %d | %.2f | %.3f | %.3f |", store, spread, t[t.length / 2], t[t.length * 99 / 100], mean,
                    n[n.length / 2] / 1e6, n[n.length * 99 / 100] / 1e6);
        }
    }

    /** All stores and the flood; with the argument {@code redis}, the Redis rows alone. */
    public static void main(String[] args) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("| Store | Attempts | Round trips, median | p99 | mean | Admission and outcome p50 (ms) | p99 (ms) |");
        lines.add("|---|---|---:|---:|---:|---:|---:|");
        if (args.length > 0 && args[0].equals("redis")) {
            lines.addAll(redisRows());
            lines.forEach(System.out::println);
            return;
        }
        for (boolean stuffing : new boolean[] {false, true}) {
            attempts(BenchmarkCounts.loginFailures(LIMITS, VerifierClock.SYSTEM), stuffing, () -> 0, "warm-up ");
            lines.add(attempts(BenchmarkCounts.loginFailures(LIMITS, VerifierClock.SYSTEM), stuffing, () -> 0, "").withStore("local (one node's memory)"));
        }
        lines.addAll(databaseRows());
        lines.addAll(cacheRows());
        lines.addAll(redisRows());
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println(flood());
    }

    private static List<String> databaseRows() throws Exception {
        List<String> lines = new ArrayList<>();
        String url = TestPostgres.get().database();
        for (boolean stuffing : new boolean[] {false, true}) {
            CountingDataSource counted = new CountingDataSource(driver(url));
            try (HikariDataSource pool = pool(counted)) {
                SharedLoginFailures node = DatabaseCounts.loginFailures(settings(Duration.ofSeconds(2)), LIMITS,
                        BenchmarkCounts.loginFailures(LIMITS, VerifierClock.SYSTEM), pool, "java:comp/env/jdbc/bench", VerifierClock.SYSTEM, "bench-login");
                try {
                    attempts(node, stuffing, counted::roundTrips, "warm-up ");
                    lines.add(attempts(node, stuffing, counted::roundTrips, "").withStore("PostgreSQL"));
                } finally {
                    node.close();
                }
            }
        }
        return lines;
    }

    private static List<String> cacheRows() {
        List<String> lines = new ArrayList<>();
        HazelcastInstance member = member();
        try {
            LongAdder calls = new LongAdder();
            CacheManager manager = new HazelcastMemberCachingProvider().getCacheManager(URI.create("bench"),
                    LoginCountBenchmark.class.getClassLoader(), HazelcastCachingProvider.propertiesByInstanceItself(member));
            Cache<Long, byte[]> cache = manager.createCache("bench-login-failures", new MutableConfiguration<Long, byte[]>());
            for (boolean stuffing : new boolean[] {false, true}) {
                SharedLoginFailures node = CacheBuckets.loginFailuresOn(PlaytchaSettings.builder("sk_bench").clientBudgetCache("bench")
                        .clusterTimeout(Duration.ofSeconds(2)).build(), LIMITS, BenchmarkCounts.loginFailures(LIMITS, VerifierClock.SYSTEM),
                        counting(cache, calls), VerifierClock.SYSTEM, "bench-cache-" + stuffing);
                try {
                    attempts(node, stuffing, calls::sum, "warm-up ");
                    lines.add(attempts(node, stuffing, calls::sum, "").withStore("JCache (a Hazelcast member)"));
                } finally {
                    node.close();
                }
            }
            manager.close();
        } finally {
            member.shutdown();
        }
        return lines;
    }

    /** On a redis-server this JVM starts (none where it is not installed), round trips counted as the scripts it ran. */
    private static List<String> redisRows() throws Exception {
        List<String> lines = new ArrayList<>();
        if (!RedisProcess.available()) {
            lines.add("| Redis | (redis-server is not installed: apt-get install redis-server) | | | | | |");
            return lines;
        }
        List<String> cpuLines = new ArrayList<>();
        for (String[] topology : RedisProcess.TOPOLOGIES) {
            try (RedisProcess redis = RedisProcess.of(topology[0])) {
                for (boolean stuffing : new boolean[] {false, true}) {
                    lines.add(redisRow(redis, topology[1], stuffing, cpuLines));
                }
            }
        }
        lines.add("");
        lines.addAll(cpuLines);
        return lines;
    }

    /** One spread's row on {@code redis}, and its CPU line (a run of its own, uncounted). */
    private static String redisRow(RedisProcess redis, String store, boolean stuffing, List<String> cpuLines) {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_bench").redisUri(redis.uri()).clusterTimeout(Duration.ofSeconds(2)).build();
        LoginFailures node = new com.playtcha.jakarta.redis.RedisBackend().loginFailures(settings, LIMITS,
                BenchmarkCounts.loginFailures(LIMITS, VerifierClock.SYSTEM), VerifierClock.SYSTEM, "bench-redis-" + stuffing,
                com.playtcha.jakarta.spi.store.Resources.NONE);
        try {
            attempts(node, stuffing, redis::scripts, "warm-up ");
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu = os.getProcessCpuTime();
            double redisCpu = redis.cpuSeconds();
            attempts(node, stuffing, () -> 0, "cpu ", "10.7."); // uncounted: no INFO call between attempts
            cpuLines.add(String.format("CPU per attempt on %s, %s (a run of its own, uncounted): the node %.0f µs (all its threads), Redis "
                    + "%.1f µs (all its servers)", store, stuffing ? "stuffing" : "ordinary", (os.getProcessCpuTime() - cpu) / 1e3 / ATTEMPTS,
                    (redis.cpuSeconds() - redisCpu) * 1e6 / ATTEMPTS));
            return attempts(node, stuffing, redis::scripts, "").withStore(store + " (redis-server, loopback)");
        } finally {
            node.close();
        }
    }

    /** A spread's attempts on {@code counts}, round trips read from {@code trips}. */
    private static Pending attempts(LoginFailures counts, boolean stuffing, LongSupplier trips, String prefix) {
        return attempts(counts, stuffing, trips, prefix, prefix.isEmpty() ? "10.9." : "10.8.");
    }

    /** The same from clients in {@code net}. */
    private static Pending attempts(LoginFailures counts, boolean stuffing, LongSupplier trips, String prefix, String net) {
        Random random = new Random(49);
        long[] tripsOf = new long[ATTEMPTS];
        long[] nanos = new long[ATTEMPTS];
        for (int i = 0; i < ATTEMPTS; i++) {
            byte[] account = (prefix + (stuffing ? "victim " : "user ") + i).getBytes(StandardCharsets.UTF_8);
            String client = net + (stuffing ? 1 : 2) + "." + random.nextInt(stuffing ? 100 : 400);
            boolean failed = stuffing || random.nextInt(10) == 0;
            long before = trips.getAsLong();
            long start = System.nanoTime();
            if (counts.admit(account, client)) {
                counts.admitted(account, client, !failed);
            } else if (failed) {
                counts.failed(account, client); // asked for a token, and sent one
            } else {
                counts.succeeded(account);
            }
            nanos[i] = System.nanoTime() - start;
            tripsOf[i] = trips.getAsLong() - before;
        }
        return new Pending(stuffing ? "stuffing: 2,000 failures, 100 addresses" : "ordinary: 2,000 accounts, 400 addresses, 1 in 10 failing",
                tripsOf, nanos);
    }

    private record Pending(String spread, long[] trips, long[] nanos) {
        String withStore(String store) {
            return new Row(store, spread, trips, nanos).markdown();
        }
    }

    /** Three cold nodes on one PostgreSQL, flooded; the line for the report. */
    private static String flood() throws Exception {
        String url = TestPostgres.get().database();
        List<HikariDataSource> pools = new ArrayList<>();
        List<SharedLoginFailures> nodes = new ArrayList<>();
        CountingDataSource counted = new CountingDataSource(driver(url));
        try {
            for (int i = 0; i < 3; i++) {
                HikariDataSource pool = pool(counted);
                pools.add(pool);
                nodes.add(DatabaseCounts.loginFailures(settings(Duration.ofMillis(250)), LIMITS,
                        BenchmarkCounts.loginFailures(LIMITS, VerifierClock.SYSTEM), pool, "java:comp/env/jdbc/bench", VerifierClock.SYSTEM,
                        "bench-flood-" + i));
            }
            return flood(nodes, counted);
        } finally {
            nodes.forEach(SharedLoginFailures::close);
            pools.forEach(HikariDataSource::close);
        }
    }

    private static String flood(List<SharedLoginFailures> nodes, CountingDataSource counted) throws Exception {
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger guesses = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(75);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        long trips = counted.roundTrips();
        long began = System.nanoTime();
        try {
            for (int n = 0; n < 3; n++) {
                for (int t = 0; t < 24; t++) {
                    running.add(threads.submit(flooder(nodes.get(n), n * 24 + t, start, admitted, refused)));
                }
                running.add(threads.submit(guesser(nodes.get(n), n, start, guesses)));
            }
            start.countDown();
            for (Future<?> one : running) {
                one.get(30, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        int attempts = 3 * 24 * 2_000 + 450;
        return String.format("Flood, three cold nodes on one PostgreSQL, cluster.timeout 250 ms: %,d tokenless attempts in %.1f s "
                + "(%,.0f a second): %,d went on, %,d were asked for a token; %.2f round trips per attempt; the victim's 450 tokenless "
                + "guesses: %d went on (limit 3)", attempts, seconds, attempts / seconds, admitted.get(), refused.get(),
                (double) (counted.roundTrips() - trips) / attempts, guesses.get());
    }

    /** 2,000 tokenless attempts without pause, each on a fresh account from a fresh client, each that goes on failing. */
    private static Callable<Void> flooder(SharedLoginFailures node, int flooder, CountDownLatch start, AtomicInteger admitted,
            AtomicInteger refused) {
        return () -> {
            start.await();
            for (int i = 0; i < 2_000; i++) {
                byte[] account = ("stuffed " + flooder + " " + i).getBytes(StandardCharsets.UTF_8);
                String client = "10." + flooder + "." + (i >>> 8 & 0xFF) + "." + (i & 0xFF);
                if (node.admit(account, client)) {
                    admitted.incrementAndGet();
                    node.admitted(account, client, false);
                } else {
                    refused.incrementAndGet();
                }
            }
            return null;
        };
    }

    /** 150 tokenless guesses at the victim, each from a client of its own, each that goes on failing. */
    private static Callable<Void> guesser(SharedLoginFailures node, int guesser, CountDownLatch start, AtomicInteger guesses) {
        byte[] victim = "the victim".getBytes(StandardCharsets.UTF_8);
        return () -> {
            start.await();
            for (int i = 0; i < 150; i++) {
                String client = "198.51." + (100 + guesser) + "." + i;
                if (node.admit(victim, client)) {
                    guesses.incrementAndGet();
                    node.admitted(victim, client, false);
                }
            }
            return null;
        };
    }

    private static PlaytchaSettings settings(Duration timeout) {
        return PlaytchaSettings.builder("sk_bench").ledgerDataSource("java:comp/env/jdbc/bench").clusterTimeout(timeout).build();
    }

    private static HikariDataSource pool(CountingDataSource counted) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(counted);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    private static PGSimpleDataSource driver(String url) {
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setURL(url);
        return driver;
    }

    private static HazelcastInstance member() {
        Config config = new Config().setClusterName("bench-" + System.nanoTime()).setProperty("hazelcast.phone.home.enabled", "false")
                .setProperty("hazelcast.logging.type", "jdk").setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(5971).setPortAutoIncrement(true).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:5971");
        return Hazelcast.newHazelcastInstance(config);
    }

    /** The cache, each call that reaches the member counted (not its name, configuration or manager). */
    @SuppressWarnings("unchecked")
    private static Cache<Long, byte[]> counting(Cache<Long, byte[]> cache, LongAdder calls) {
        Set<String> local = Set.of("getName", "getCacheManager", "getConfiguration", "unwrap", "isClosed", "toString", "hashCode", "equals");
        return (Cache<Long, byte[]>) Proxy.newProxyInstance(LoginCountBenchmark.class.getClassLoader(), new Class<?>[] {Cache.class},
                (proxy, method, arguments) -> {
                    if (!local.contains(method.getName())) {
                        calls.increment();
                    }
                    try {
                        return method.invoke(cache, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
