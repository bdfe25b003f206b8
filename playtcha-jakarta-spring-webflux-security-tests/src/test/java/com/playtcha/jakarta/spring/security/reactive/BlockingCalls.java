package com.playtcha.jakarta.spring.security.reactive;

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
 * line) still fails the test: {@link #afterEach} fails each test during which one was detected. One read is allowed,
 * which is Spring Security's, not the guard's: the user-store manager's checks of a locked or disabled account run
 * where the store answered (here, the event loop), and the first message they resolve reads its bundle from a jar.
 */
public final class BlockingCalls implements BlockHoundIntegration, AfterEachCallback {

    private static final List<String> DETECTED = new CopyOnWriteArrayList<>();

    @Override
    public void applyTo(BlockHound.Builder builder) {
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
