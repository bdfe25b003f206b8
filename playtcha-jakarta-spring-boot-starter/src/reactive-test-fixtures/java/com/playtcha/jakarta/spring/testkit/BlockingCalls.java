package com.playtcha.jakarta.spring.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound as the reactive tests run it. Installed by its JUnit platform listener before any test, with the
 * integrations of Reactor and Netty (their event loops and {@code parallel} threads are the non-blocking ones) and this
 * one, named in {@code META-INF/services}: every blocking call it detects there is remembered here as well as thrown,
 * so that one swallowed on its way (an error a filter or a handler turned into a 500, a log line) still fails the test:
 * {@link #afterEach} fails each test during which one was detected ({@code @ExtendWith(BlockingCalls.class)}), and a
 * test that blocks on purpose takes its own ({@link #drain}).
 *
 * <p>Allowed, being neither the guard's nor the filter's:
 * <ul>
 *   <li>Netty 4.2's adaptive allocator (Boot 4.0; 4.1's has it too, unused by default): a magazine group takes a
 *       {@code StampedLock} while it adds magazines under contention, as many connections reading at once make it
 *       ({@code HeldBytesTest}), and a magazine and its group take theirs to free their chunks, which parks an event
 *       loop for as long as another thread holds it, on a loaded machine now and then. Short locks of Netty's own, not
 *       waits, that Netty's BlockHound integration does not name yet (Armeria allows them the same way: line/armeria
 *       pull request 6344).</li>
 *   <li>Spring Security's user-store manager: its checks of a locked or disabled account run where the store answered
 *       (here, the event loop), and the first message they resolve reads its bundle from a jar.</li>
 * </ul>
 */
public final class BlockingCalls implements BlockHoundIntegration, AfterEachCallback {

    private static final List<String> DETECTED = new CopyOnWriteArrayList<>();

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "tryAllocate");
        builder.allowBlockingCallsInside("org.springframework.context.support.ResourceBundleMessageSource", "getResourceBundle");
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
