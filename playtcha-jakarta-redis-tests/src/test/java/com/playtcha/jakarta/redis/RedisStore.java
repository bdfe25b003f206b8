package com.playtcha.jakarta.redis;

import com.playtcha.jakarta.core.PlaytchaSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up every store contract shares on Redis: one {@code redis-server} for the test class, the links and
 * nodes a test opens closed after it, and the database emptied for the next one. Register it on a static field:
 * <pre>{@code
 * @RegisterExtension
 * static final RedisStore REDIS = new RedisStore();
 *
 * protected Budgets node(PlaytchaSettings settings) {
 *     return REDIS.closedAfterTest(RedisBackend.budgets(REDIS.link(), ...), Budgets::close);
 * }
 * }</pre>
 * The server is started before the class's first test (skipped, saying so, where {@code redis-server} is not
 * installed) and killed and waited for after its last, whether its tests passed or not. Links are acquired with
 * the longest cluster timeout: on a busy machine, nothing in a contract is meant to time out.
 */
final class RedisStore implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final List<Runnable> closings = new ArrayList<>();
    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = RedisServer.start();
    }

    /** The running server. */
    RedisServer server() {
        return server;
    }

    /** A link to database 0, released after the test. */
    RedisLink link() {
        RedisLink link = RedisLinks.acquire(server.redis(0), PlaytchaSettings.MAX_CLUSTER_TIMEOUT, null);
        closings.add(() -> RedisLinks.release(link));
        return link;
    }

    /** {@code node}, closed with {@code close} after the test (before the links it was given). */
    <T> T closedAfterTest(T node, java.util.function.Consumer<T> close) {
        closings.add(0, () -> close.accept(node));
        return node;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            closings.forEach(Runnable::run);
        } finally {
            closings.clear();
            server.send("FLUSHDB");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }
}
