package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.spring.testkit.BlockingCalls;
import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * under {@code playtcha.login.require=after-failures}: failures on one node ask for a token on the other, and guesses sent
 * at once to both reach the user store ({@link Users#LOOKUPS}, which both nodes share in this JVM) no more often than the
 * account's limit. Each case its own account. The nodes start once for the class. BlockHound watches both
 * ({@link BlockingCalls}): the store's calls, which block, must stay off their event loops.
 *
 * <p>{@code playtcha.cluster.timeout} at its longest: these tests are about what the nodes share, not how fast; at the
 * default 250 ms a login waits 125 ms for the counts, which a loaded machine misses, and a missed wait asks for a token
 * (docs/cluster.md).
 */
@WithSimulator
@ExtendWith(BlockingCalls.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoNodesOnOneStore {

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

    static Browser client(ConfigurableApplicationContext node) {
        return Browser.connectionPerRequest(Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port")));
    }

    @Test
    void failuresOnOneNode_askForATokenOnTheOther() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = client(a).formLogin("/login", "bob", "wrong" + i, null);
            assertEquals("false", Browser.header(failed, "Playtcha-Login-Needs-Token"), "failure " + i);
        }

        HttpResponse<String> tokenless = client(b).formLogin("/login", "bob", "secret", null);
        assertTrue(Browser.header(tokenless, "Location").endsWith("/login?error"), tokenless::toString);
        assertEquals("true", Browser.header(tokenless, "Playtcha-Login-Needs-Token"));
        assertEquals(3, Users.LOOKUPS.get(), "node b knew of node a's failures before its user store was asked");

        Browser withToken = client(b);
        HttpResponse<String> login = withToken.formLogin("/login", "bob", "secret", SpringSimulator.simulator().mintToken());
        assertEquals("/", Browser.header(login, "Location"), login::toString);
        assertEquals("caller=bob", withToken.get("/whoami").body(), "never a lockout: with a token the password is checked");
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

    @Test
    void guessesSentAtOnceToBothNodes_noMoreThanTheAccountsLimitReachTheUserStore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> guesses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                ConfigurableApplicationContext node = n % 2 == 0 ? a : b;
                guesses.add(() -> client(node).formLogin("/login", "grace", "guess" + n, null));
            }
            for (Future<HttpResponse<String>> guess : pool.invokeAll(guesses)) {
                HttpResponse<String> refused = guess.get();
                assertTrue(Browser.header(refused, "Location").endsWith("/login?error"), refused::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, Users.LOOKUPS.get(), "the account's limit across the cluster, whatever arrived at once");
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
