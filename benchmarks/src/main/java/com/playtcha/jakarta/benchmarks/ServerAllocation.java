package com.playtcha.jakarta.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap bytes the server side allocates in a window: what every thread of this JVM allocated
 * ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}, which keeps counting
 * threads that ended), less the load generator's threads (each reports its own), the simulator's
 * threads and the harness thread. What remains is Jetty's threads serving the requests, the
 * filters and their HTTP clients (HttpClient 5 works on the calling thread; the JDK client adds
 * its selector and executor threads), and the verifier's timer thread.
 *
 * <p>A simulator thread that ends inside the window would leave its bytes in the count; Jetty
 * retires idle threads only after a minute, longer than any window.
 */
final class ServerAllocation {

    /** Threads of the simulator, which plays Playtcha and is not part of the server under test. */
    static final String SIMULATOR_THREADS = "playtcha-simulator";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long total;
    private final Map<Long, Long> excluded;

    private ServerAllocation(long total, Map<Long, Long> excluded) {
        this.total = total;
        this.excluded = excluded;
    }

    static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** Counts from now. */
    static ServerAllocation start() {
        Map<Long, Long> excluded = excludedThreads();
        return new ServerAllocation(THREADS.getTotalThreadAllocatedBytes(), excluded);
    }

    /** Bytes allocated since {@link #start()} by the server side; {@code clientBytes} is what the load generator's threads reported. */
    long bytesSince(long clientBytes) {
        long totalNow = THREADS.getTotalThreadAllocatedBytes();
        Map<Long, Long> excludedNow = excludedThreads();
        long excludedDelta = 0;
        for (Map.Entry<Long, Long> thread : excludedNow.entrySet()) {
            excludedDelta += thread.getValue() - excluded.getOrDefault(thread.getKey(), 0L);
        }
        return Math.max(0, totalNow - total - excludedDelta - clientBytes);
    }

    private static Map<Long, Long> excludedThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 64];
        int n = root.enumerate(threads, true);
        Map<Long, Long> bytes = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Thread thread = threads[i];
            if (thread == Thread.currentThread() || thread.getName().startsWith(SIMULATOR_THREADS)) {
                long allocated = THREADS.getThreadAllocatedBytes(thread.getId());
                if (allocated >= 0) {
                    bytes.put(thread.getId(), allocated);
                }
            }
        }
        return bytes;
    }

    /** What the calling thread has allocated so far, for a load generator thread to report. */
    static long currentThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
