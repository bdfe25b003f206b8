package com.playtcha.jakarta.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * What the server side costs in a window: heap bytes it allocated and CPU time its threads used.
 *
 * <p>Bytes: what every thread of this JVM allocated ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes},
 * which keeps counting threads that ended), less the load generator's threads (each reports its own), the simulator's
 * threads and the harness thread. What remains is Jetty's threads serving the requests, the filters and their HTTP
 * clients (HttpClient 5 works on the calling thread; the JDK client adds its selector and executor threads), and the
 * verifier's timer thread.
 *
 * <p>CPU: the CPU time of the same threads, each thread's own ({@code ThreadMXBean#getThreadCpuTime}) at the end of the
 * window less at its start. The JVM's own threads (garbage collection, the JIT) are not Java threads and not counted;
 * what a variant allocates shows in its bytes instead. A thread that ends inside the window takes its CPU time with it
 * (Jetty retires idle threads only after 30 minutes here; the JDK client's executor after a minute).
 *
 * <p>A simulator thread that ends inside the window would leave its bytes in the count; Jetty retires idle
 * threads only after a minute, longer than any window.
 */
final class ServerCost {

    /** Threads of the simulator, which plays Playtcha and is not part of the server under test. */
    static final String SIMULATOR_THREADS = "playtcha-simulator";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated and CPU nanoseconds used. */
    record Cost(long bytes, long cpuNanos) {
    }

    private final long totalBytes;
    private final Map<Long, Cost> excluded;
    private final Map<Long, Long> serverCpu;

    private ServerCost(long totalBytes, Map<Long, Cost> excluded, Map<Long, Long> serverCpu) {
        this.totalBytes = totalBytes;
        this.excluded = excluded;
        this.serverCpu = serverCpu;
    }

    static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled()
                && THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
    }

    /** Counts from now. */
    static ServerCost start() {
        Map<Long, Cost> excluded = excludedThreads();
        return new ServerCost(THREADS.getTotalThreadAllocatedBytes(), excluded, serverThreadsCpu());
    }

    /** What the server side used since {@link #start()}; {@code clientBytes} is what the load generator's threads reported. */
    Cost since(long clientBytes) {
        long totalNow = THREADS.getTotalThreadAllocatedBytes();
        long excludedDelta = 0;
        for (Map.Entry<Long, Cost> thread : excludedThreads().entrySet()) {
            excludedDelta += thread.getValue().bytes() - excluded.getOrDefault(thread.getKey(), new Cost(0, 0)).bytes();
        }
        long cpu = 0;
        for (Map.Entry<Long, Long> thread : serverThreadsCpu().entrySet()) {
            cpu += thread.getValue() - serverCpu.getOrDefault(thread.getKey(), 0L);
        }
        return new Cost(Math.max(0, totalNow - totalBytes - excludedDelta - clientBytes), Math.max(0, cpu));
    }

    /** CPU time so far of every live thread of the server side: all but the simulator's, the generator's and this one. */
    private static Map<Long, Long> serverThreadsCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread thread : liveThreads()) {
            String name = thread.getName();
            if (thread != Thread.currentThread() && !name.startsWith(SIMULATOR_THREADS) && !name.startsWith(LoadGenerator.THREAD_NAME)) {
                long nanos = THREADS.getThreadCpuTime(thread.getId());
                if (nanos >= 0) {
                    cpu.put(thread.getId(), nanos);
                }
            }
        }
        return cpu;
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 64];
        int n = root.enumerate(threads, true);
        return java.util.Arrays.copyOf(threads, n);
    }

    private static Map<Long, Cost> excludedThreads() {
        Map<Long, Cost> costs = new HashMap<>();
        for (Thread thread : liveThreads()) {
            if (thread == Thread.currentThread() || thread.getName().startsWith(SIMULATOR_THREADS)) {
                long allocated = THREADS.getThreadAllocatedBytes(thread.getId());
                long cpu = THREADS.getThreadCpuTime(thread.getId());
                if (allocated >= 0 && cpu >= 0) {
                    costs.put(thread.getId(), new Cost(allocated, cpu));
                }
            }
        }
        return costs;
    }

    /** What the calling thread has allocated so far, for a load generator thread to report. */
    static long currentThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
