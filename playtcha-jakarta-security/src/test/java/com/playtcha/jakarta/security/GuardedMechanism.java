package com.playtcha.jakarta.security;

import com.playtcha.jakarta.cdi.InMemoryConfig;
import com.playtcha.jakarta.cdi.PlaytchaVerifierProducer;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up of a test of a guarded mechanism, once: for the test class, a simulator and the application's
 * MicroProfile Config pointing at it ({@link InMemoryConfig}); for each test, a Weld container with the
 * library's producer, the Jakarta Security extension and the test's beans (with {@link SyntheticStoreHandler}
 * when asked), and a {@link SecurityRuntime} handing every request to the mechanism bean, both gone when the
 * test ends, whether it passed or failed.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GuardedMechanism APP = GuardedMechanism.serving(CountingMechanism.class)
 *         .settings("playtcha.fail-closed", "true");
 * }</pre>
 *
 * Requests wait at most {@link #WAIT}: the patient verify budget of {@link TestSettings} and its slack.
 */
final class GuardedMechanism implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** The longest a test's request waits: beyond the patient verify budget, by the shared slack. */
    static final Duration WAIT = TestSettings.WAIT;

    private final PlaytchaSimulatorExtension playtcha = new PlaytchaSimulatorExtension();
    private final Class<? extends HttpAuthenticationMechanism> mechanism;
    private final Class<?>[] beans;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private InMemoryConfig config = InMemoryConfig.pointingAt(playtcha);
    private boolean syntheticStoreHandler;
    private WeldContainer weld;
    private SecurityRuntime runtime;

    private GuardedMechanism(Class<? extends HttpAuthenticationMechanism> mechanism, Class<?>... beans) {
        this.mechanism = mechanism;
        this.beans = beans;
    }

    /** The runtime over the bean {@code mechanism}, with {@code beans} beside it. */
    static GuardedMechanism serving(Class<? extends HttpAuthenticationMechanism> mechanism, Class<?>... beans) {
        return new GuardedMechanism(mechanism, beans);
    }

    /** Settings pointing at the simulator ({@link InMemoryConfig#pointingAt}) and {@code more}, name, value pairs. */
    GuardedMechanism settings(String... more) {
        config = InMemoryConfig.pointingAt(playtcha, more);
        return this;
    }

    /** Exactly the settings {@code settings} makes of the simulator. */
    GuardedMechanism settings(Function<PlaytchaSimulator, Map<String, String>> settings) {
        config = InMemoryConfig.of(playtcha, settings);
        return this;
    }

    /** The runtime's identity store handler as a synthetic bean ({@link SyntheticStoreHandler}), which CDI does not decorate. */
    GuardedMechanism withSyntheticStoreHandler() {
        syntheticStoreHandler = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        playtcha.beforeAll(context);
        config.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        playtcha.beforeEach(context);
        Weld cdi = WeldInitiator.createWeld().addBeanClass(PlaytchaVerifierProducer.class).addBeanClass(mechanism)
                .addBeanClasses(beans).addExtension(new PlaytchaSecurityExtension());
        weld = (syntheticStoreHandler ? cdi.addExtension(new SyntheticStoreHandler()) : cdi).initialize();
        try {
            runtime = new SecurityRuntime(weld.select(mechanism).get());
        } catch (Exception | Error e) {
            weld.shutdown();
            throw new IllegalStateException("the runtime did not start", e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            runtime = null;
            weld.shutdown();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        config.afterAll(context);
    }

    /** The class's simulator. */
    PlaytchaSimulator sim() {
        return playtcha.simulator();
    }

    /** The test's bean of {@code type}, as CDI gives it (a client proxy: interceptors apply). */
    <T> T bean(Class<T> type) {
        return weld.select(type).get();
    }

    /** The address of {@code path} in the application. */
    URI uri(String path) {
        return runtime.uri(path);
    }

    /** Sends {@code request}, waiting at most {@link #WAIT}. */
    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * POSTs the urlencoded {@code form} to {@code path}, with {@code headers} as name, value pairs (a pair whose
     * value is {@code null} is left out).
     */
    HttpResponse<String> post(String path, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder post = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                post.header(headers[i], headers[i + 1]);
            }
        }
        return send(post);
    }
}
