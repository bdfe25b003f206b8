package com.playtcha.jakarta.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one {@link PlaytchaSimulator} per test class and {@link PlaytchaSimulator#reset() resets}
 * it before each test, so tests share a port and a secret but no tokens, faults or recorded calls.
 *
 * <pre>{@code
 * @ExtendWith(PlaytchaSimulatorExtension.class)
 * class SignupTest {
 *     @Test
 *     void signupWithValidToken(PlaytchaSimulator playtcha) {
 *         String token = playtcha.mintToken();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Or, where the URL is needed before any test runs (to build the client under test once):
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();
 *
 * @BeforeAll
 * static void startClient() {
 *     client = new MyClient(PLAYTCHA.simulator().url(), PLAYTCHA.simulator().secret());
 * }
 * }</pre>
 *
 * <p>The simulator listens on a free port, taken when it binds. A framework that reads the address
 * from its configuration (a {@code @SpringBootTest}) takes it from the static field, lazily, once the
 * class's simulator runs: a {@code @DynamicPropertySource} returning {@code PLAYTCHA.simulator().url()}
 * (docs/spring-boot.md). {@link PlaytchaSimulatorSettings} fixes the secret. A {@code @QuarkusTest}
 * starts the simulator as a test resource, which lives as long as the application (docs/quarkus.md).
 *
 * <p>The simulator stops when the class's tests are done. Parameters of type
 * {@code PlaytchaSimulator} are injected into constructors, lifecycle methods and tests.
 */
public final class PlaytchaSimulatorExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PlaytchaSimulatorExtension.class);

    private volatile PlaytchaSimulator simulator;

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PlaytchaSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return simulator(context);
    }

    /**
     * The running simulator, for a {@code @RegisterExtension} field; valid from {@code @BeforeAll} on.
     *
     * @throws IllegalStateException before the extension has run for the test class
     */
    public PlaytchaSimulator simulator() {
        PlaytchaSimulator running = simulator;
        if (running == null) {
            throw new IllegalStateException("the simulator starts in the extension's beforeAll; "
                    + "register the extension on a static field to use it from @BeforeAll");
        }
        return running;
    }

    /**
     * The simulator of the nearest test class; the class's store closes it when the class is done. A
     * class nested in one with {@link PlaytchaSimulatorSettings} shares that class's simulator, as its
     * tests share the enclosing class's application.
     */
    private PlaytchaSimulator simulator(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        PlaytchaSimulatorSettings settings = null;
        for (ExtensionContext c = classContext; c != null && c.getTestClass().isPresent(); c = c.getParent().orElse(null)) {
            settings = c.getRequiredTestClass().getAnnotation(PlaytchaSimulatorSettings.class);
            if (settings != null) {
                classContext = c;
                break;
            }
        }
        PlaytchaSimulatorSettings fixed = settings;
        PlaytchaSimulator running = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(PlaytchaSimulator.class, type -> start(fixed), PlaytchaSimulator.class);
        simulator = running;
        return running;
    }

    private static PlaytchaSimulator start(PlaytchaSimulatorSettings settings) {
        PlaytchaSimulatorBuilder builder = PlaytchaSimulator.builder();
        if (settings != null && !settings.secret().isEmpty()) {
            builder.secret(settings.secret());
        }
        return builder.start();
    }
}
