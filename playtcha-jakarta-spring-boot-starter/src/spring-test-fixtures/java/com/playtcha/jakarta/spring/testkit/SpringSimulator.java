package com.playtcha.jakarta.spring.testkit;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * One {@link PlaytchaSimulator} for the whole test run, for Spring tests ({@link WithSimulator}): started when first
 * asked for, {@link PlaytchaSimulator#reset() reset} before each test, closed when the run ends, and its URL and secret
 * given to every application context as {@code playtcha.api-url} and {@code playtcha.secret}.
 *
 * <p>{@code playtcha-jakarta-testing}'s {@code PlaytchaSimulatorExtension} runs one simulator per test class, which is
 * right for an application a class starts and stops itself; Spring keeps a test's application context for the rest of
 * the run and gives it to every class configured alike, so the simulator it was given must outlive the class. This is
 * that extension for the run's length, with the same contract: tests share a port and a secret, but no tokens, faults,
 * recorded calls or counts.
 *
 * <pre>{@code
 * private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();
 *
 * @Test
 * void formLoginWithAValidToken_logsIn() throws Exception {
 *     String token = PLAYTCHA.mintToken();
 *     ...
 *     assertEquals(1, PLAYTCHA.callCount(token));
 * }
 * }</pre>
 *
 * <p>Parameters of type {@code PlaytchaSimulator} are injected into tests and lifecycle methods too. An application a
 * test starts itself ({@code SpringApplicationBuilder}) takes {@code simulator().url()} and {@code simulator().secret()}.
 * A test that injects a fault for the whole context must not use this one: the next test's reset clears it.
 */
public final class SpringSimulator implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SpringSimulator.class);

    private static PlaytchaSimulator running;

    /** The run's simulator, started by the first caller. */
    public static synchronized PlaytchaSimulator simulator() {
        if (running == null) {
            running = PlaytchaSimulator.start();
        }
        return running;
    }

    /** Hands the simulator to the run's root store, which closes it when the run ends. */
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PlaytchaSimulator.class, type -> simulator(),
                PlaytchaSimulator.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator().reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PlaytchaSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return simulator();
    }

    /** Gives an application context the simulator's URL and secret, above its own properties. */
    public static final class Properties implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configurations) {
            return new ToTheSimulator();
        }
    }

    /** Equal to every other: one simulator per run, so the properties never tell two contexts apart. */
    private static final class ToTheSimulator implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            PlaytchaSimulator simulator = simulator();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("playtcha-simulator",
                    Map.of("playtcha.api-url", simulator.url().toString(), "playtcha.secret", simulator.secret())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ToTheSimulator;
        }

        @Override
        public int hashCode() {
            return ToTheSimulator.class.hashCode();
        }
    }
}
