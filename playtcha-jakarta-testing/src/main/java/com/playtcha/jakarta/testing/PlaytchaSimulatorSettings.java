package com.playtcha.jakarta.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fixes the secret of the simulator that {@link PlaytchaSimulatorExtension} runs for the annotated test
 * class (or a class nested in it), so that a test can name it before the simulator starts. The port is
 * always a free one, taken when the simulator binds: an application under test learns the address from
 * the running simulator, never from a number written in advance that another process may hold by then.
 * A Spring test hands both to its application with a {@code @DynamicPropertySource} over the extension
 * on a static field (docs/spring-boot.md); a Quarkus test starts one simulator with the application,
 * as a test resource that returns its address as configuration (docs/quarkus.md).
 *
 * <pre>{@code
 * @ExtendWith(PlaytchaSimulatorExtension.class)
 * @PlaytchaSimulatorSettings(secret = "sk_test_signup")
 * class SignupTest { ... }
 * }</pre>
 *
 * <p>The simulator listens on 127.0.0.1. Without this annotation, or with its default, the secret is a
 * random one per class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PlaytchaSimulatorSettings {

    /** The default project's secret; empty (the default) for a random one. */
    String secret() default "";
}
