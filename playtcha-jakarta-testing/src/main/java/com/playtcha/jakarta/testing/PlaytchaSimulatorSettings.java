package com.playtcha.jakarta.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fixes the port and secret of the simulator that {@link PlaytchaSimulatorExtension} runs for the
 * annotated test class (or a class nested in it), so that the application under test can be
 * configured before the simulator starts: a Spring test names the same values in its properties,
 * and an application context cached across test classes keeps reaching each class's simulator on
 * that port. (A Quarkus test starts one simulator with the application instead, as a test resource:
 * docs/quarkus.md.)
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = RANDOM_PORT, properties = {
 *         "playtcha.api-url=http://127.0.0.1:18089", "playtcha.secret=sk_test_signup"})
 * @ExtendWith(PlaytchaSimulatorExtension.class)
 * @PlaytchaSimulatorSettings(port = 18089, secret = "sk_test_signup")
 * class SignupTest { ... }
 * }</pre>
 *
 * <p>The simulator listens on 127.0.0.1; start-up fails if the port is taken. Without this
 * annotation, or with its defaults, the port is a free one and the secret a random one per class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PlaytchaSimulatorSettings {

    /** The port to listen on; 0 (the default) picks a free one. */
    int port() default 0;

    /** The default project's secret; empty (the default) for a random one. */
    String secret() default "";
}
