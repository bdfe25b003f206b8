package com.playtcha.jakarta.spring.webflux.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound as these tests run it. Installed by its JUnit platform listener before any test, with the
 * integrations of Reactor and Netty (their event loops and {@code parallel} threads are the non-blocking ones)
 * and this one, named in {@code META-INF/services}: every blocking call it detects there is remembered here
 * as well as thrown, so that one swallowed on its way (an error a filter or a handler turned into a 500, a log
 * line) still fails the test: {@link #afterEach} fails each test during which one was detected, and the one
 * test that blocks on purpose takes its own ({@link #drain}).
 */
public final class BlockingCalls implements BlockHoundIntegration, AfterEachCallback {

    private static final List<String> DETECTED = new CopyOnWriteArrayList<>();

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Netty 4.2's adaptive allocator takes a StampedLock while it adds magazines under contention, as many connections
        // reading at once make it (HeldBytesTest): a short lock of Netty's own, not a wait, and one Netty's BlockHound
        // integration does not name yet (Armeria allows it the same way: line/armeria pull request 6344).
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        builder.blockingMethodCallback(method -> {
            DETECTED.add(method + " on " + Thread.currentThread().getName());
            throw new BlockingOperationError(method);
        });
    }

    /** What was detected since the last drain, forgotten. */
    public static List<String> drain() {
        List<String> seen = new ArrayList<>(DETECTED);
        DETECTED.clear();
        return seen;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> seen = drain();
        if (!seen.isEmpty()) {
            throw new AssertionError("blocking calls on non-blocking threads: " + seen);
        }
    }
}
