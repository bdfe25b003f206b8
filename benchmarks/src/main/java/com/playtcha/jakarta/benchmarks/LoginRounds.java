package com.playtcha.jakarta.benchmarks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What a login benchmark's own {@code main} measures, the same for the Spring and the Quarkus guard: for its ordinary
 * attempt and then its failed one, {@code args[0]} attempts of warm-up (300,000), then 5 rounds of {@code args[1]}
 * (200,000) on this thread; prints the median round's CPU and allocated bytes per attempt. One JVM per run, so that
 * runs of two trees or two guards can be alternated (benchmarks/REPORT.md).
 */
public final class LoginRounds {

    private LoginRounds() {
    }

    /** Measures {@code attempt} ({@code true}: an ordinary login, {@code false}: a failed one) as said above. */
    public static void print(String[] args, Consumer<Boolean> attempt) {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int round = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (boolean ordinary : new boolean[] {true, false}) {
            for (int i = 0; i < warm; i++) {
                attempt.accept(ordinary);
            }
            double[] cpu = new double[5];
            double[] bytes = new double[5];
            for (int r = 0; r < 5; r++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long bytes0 = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < round; i++) {
                    attempt.accept(ordinary);
                }
                cpu[r] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) round;
                bytes[r] = (threads.getCurrentThreadAllocatedBytes() - bytes0) / (double) round;
            }
            Arrays.sort(cpu);
            Arrays.sort(bytes);
            System.out.printf("%s: %.0f ns CPU, %.0f bytes per attempt (median of 5 rounds of %d)%n",
                    ordinary ? "ordinaryLogin" : "failedLogin", cpu[2], bytes[2], round);
        }
    }
}
