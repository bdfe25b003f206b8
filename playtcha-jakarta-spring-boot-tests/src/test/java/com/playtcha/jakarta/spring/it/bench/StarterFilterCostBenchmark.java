package com.playtcha.jakarta.spring.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's filter against a PlaytchaFilter registered by hand, in one Spring Boot application
 * ({@link BenchApplication}): server CPU per guarded post (the CPU time of Tomcat's request threads,
 * which run the filter, its verify and the controller; not the simulator's nor the load's), in rounds
 * whose order rotates, as a ratio from one run. Not part of the build (no {@code *Test} name): run it with
 * {@code -Dtest=StarterFilterCostBenchmark -Dplaytcha.benchmark=true} (docs/benchmarks.md, "The Spring Boot starter").
 */
class StarterFilterCostBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int WINDOW = Integer.getInteger("bench.window", 6_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 30_000);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void starterFilter_costsWhatAHandRegisteredFilterCosts() throws Exception {
        assumeTrue(Boolean.getBoolean("playtcha.benchmark"), "a benchmark: -Dplaytcha.benchmark=true");
        try (PlaytchaSimulator playtcha = PlaytchaSimulator.start();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(BenchApplication.class).run(
                        "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                        // a fixed set of request threads: one that retired inside a window would take its CPU time with it
                        "--server.tomcat.threads.min-spare=" + 2 * CLIENTS, "--server.tomcat.threads.max=" + 2 * CLIENTS,
                        "--playtcha.url-patterns=/starter", "--playtcha.api-url=" + playtcha.url(),
                        "--playtcha.secret=" + playtcha.secret(), "--playtcha.client-budget.burst=1000000",
                        "--playtcha.client-budget.per-minute=60000000")) {
            URI base = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService load = Executors.newFixedThreadPool(CLIENTS);
            try {
                String[] paths = {"/starter", "/hand"};
                for (int i = 0; i < WARMUP / WINDOW; i++) {
                    for (String path : paths) {
                        window(client, load, playtcha, base.resolve(path));
                    }
                }
                double[][] cpu = new double[ROUNDS][2];
                for (int round = 0; round < ROUNDS; round++) {
                    for (int turn = 0; turn < 2; turn++) {
                        int variant = (round + turn) % 2;
                        cpu[round][variant] = window(client, load, playtcha, base.resolve(paths[variant]));
                    }
                }
                report(cpu, app.getEnvironment().getProperty("playtcha.metrics.enabled", "true"));
            } finally {
                load.shutdownNow();
            }
        }
    }

    /** One window of posts to {@code url}; returns the microseconds of Tomcat request-thread CPU per post. */
    private static double window(HttpClient client, ExecutorService load, PlaytchaSimulator playtcha, URI url) throws Exception {
        long before = tomcatCpu();
        AtomicInteger left = new AtomicInteger(WINDOW);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(load.submit(() -> {
                int refused = 0;
                while (left.getAndDecrement() > 0) {
                    HttpResponse<Void> reply = client.send(HttpRequest.newBuilder(url)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("playtcha-token=" + playtcha.mintToken())).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (reply.statusCode() != 200 && refused++ == 0) {
                        System.out.println(url + " answered " + reply.statusCode() + " " + reply.headers().map());
                    }
                }
                return refused;
            }));
        }
        int refused = 0;
        for (Future<Integer> c : clients) {
            refused += c.get();
        }
        assertEquals(0, refused, "every post verified");
        return (tomcatCpu() - before) / 1_000.0 / WINDOW;
    }

    /** CPU nanoseconds used so far by Tomcat's request threads ({@code http-nio-...-exec-N}). */
    private static long tomcatCpu() {
        long sum = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().startsWith("http-nio-") && thread.getThreadName().contains("-exec-")) {
                sum += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return sum;
    }

    private static void report(double[][] cpu, String metrics) throws Exception {
        double[] ratios = Arrays.stream(cpu).mapToDouble(r -> r[0] / r[1]).sorted().toArray();
        double median = (ratios[(ratios.length - 1) / 2] + ratios[ratios.length / 2]) / 2;
        double starter = Arrays.stream(cpu).mapToDouble(r -> r[0]).average().orElseThrow();
        double hand = Arrays.stream(cpu).mapToDouble(r -> r[1]).average().orElseThrow();
        String row = String.format(Locale.ROOT, "| %d clients, 0 ms, %d rounds of %,d posts | %.1f µs | %.1f µs | %.2f | %.2f "
                + "(%.2f-%.2f) | %s |", CLIENTS, ROUNDS, WINDOW, starter, hand, starter / hand, median, ratios[0],
                ratios[ratios.length - 1], metrics);
        System.out.println("| Run | Starter's filter, CPU/post | By hand, CPU/post | Ratio of the means | Median of the rounds' "
                + "ratios (range) | metrics.enabled |");
        System.out.println(row);
        Files.writeString(Path.of("target", "starter-benchmark.md"), row + "\n");
    }
}
