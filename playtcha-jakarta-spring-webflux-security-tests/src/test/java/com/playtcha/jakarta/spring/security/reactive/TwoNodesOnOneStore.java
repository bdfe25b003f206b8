package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spring.testkit.BlockingCalls;
import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.TwoNodesContract;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Two instances of {@link LoginApplication}, as two nodes behind a load balancer, on one shared store (each subclass's),
 * as {@link TwoNodesContract} says (the user store's count: {@link Users#LOOKUPS}), and the reactive stack's own: a
 * login that asked the store goes on on its event loop. Each case its own account. The nodes start once for the class.
 * BlockHound watches both
 * ({@link BlockingCalls}): the store's calls, which block, must stay off their event loops.
 *
 * <p>{@code playtcha.cluster.timeout} at its longest: these tests are about what the nodes share, not how fast; at the
 * default 250 ms a login waits 125 ms for the counts, which a loaded machine misses, and a missed wait asks for a token
 * (docs/cluster.md).
 */
@ExtendWith(BlockingCalls.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoNodesOnOneStore extends TwoNodesContract {

    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    /** Starts the store both nodes share (or skips the class, saying why). */
    abstract void startStore() throws Exception;

    /** {@code node} given what puts it on the store: its settings, the beans it brings. */
    abstract SpringApplicationBuilder onTheStore(SpringApplicationBuilder node);

    /** Stops the store, once both nodes are closed; whatever {@link #startStore} left half done. */
    abstract void stopStore();

    @BeforeAll
    void startTwoNodes() throws Exception {
        startStore();
        a = node();
        b = node();
    }

    /**
     * One node, with {@code more} settings. Its Netty runs on event loops of its own, not Reactor Netty's global ones:
     * closing a node disposes the loops it used, and the global ones serve every application this JVM still runs (the
     * other classes' cached contexts).
     */
    ConfigurableApplicationContext node(String... more) {
        return onTheStore(new SpringApplicationBuilder(LoginApplication.class)).properties(more)
                .initializers(context -> context.getBeanFactory().registerSingleton("otherTestsLeftOut", new OtherTestsLeftOut()))
                .initializers(context -> ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
                    ReactorResourceFactory ownLoops = new ReactorResourceFactory();
                    ownLoops.setUseGlobalResources(false);
                    ownLoops.setShutdownQuietPeriod(Duration.ZERO); // nothing is served once the class ends
                    return ownLoops;
                }))
                .properties("server.port=0", "playtcha.api-url=" + SpringSimulator.simulator().url(),
                        "playtcha.secret=" + SpringSimulator.simulator().secret(), "playtcha.login.require=after-failures",
                        "playtcha.cluster.timeout=" + PlaytchaSettings.MAX_CLUSTER_TIMEOUT.toMillis() + "ms")
                .run();
    }

    @AfterAll
    void stopTwoNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        stopStore();
    }

    @BeforeEach
    void reset() {
        Users.LOOKUPS.set(0);
    }

    @Override
    protected Browser browser(int node) {
        return client(node == 0 ? a : b);
    }

    static Browser client(ConfigurableApplicationContext node) {
        return Browser.connectionPerRequest(Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port")));
    }

    @Override
    protected int lookups() {
        return Users.LOOKUPS.get();
    }

    @Override
    protected String refusedTo() {
        return "/login?error";
    }

    @Override
    protected String landsOn() {
        return "/";
    }

    /**
     * The counts asked on their own threads (the store blocks), the login goes on on its connection's event loop, never on
     * theirs: a response written off its loop can stall the connection's next requests (ExchangeLoop in the starter).
     */
    @Test
    void aLoginThatAskedTheStore_goesOnOnItsEventLoop() throws Exception {
        HttpResponse<String> login = client(a).login("/api/login-thread", "carol", "secret", null);

        assertTrue(login.body().startsWith("caller=carol\nthread="), login::body);
        assertTrue(login.body().contains("-http-"), login::body);
    }

    /**
     * What Spring's test context leaves out of the application's component scan, and a node started by hand must too: the
     * applications of the other tests of this package (a test class's own, and what is nested in it).
     */
    static final class OtherTestsLeftOut extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            String name = reader.getClassMetadata().getClassName();
            int nested = name.indexOf('$');
            return (nested < 0 ? name : name.substring(0, nested)).endsWith("Test");
        }
    }
}
