package com.playtcha.jakarta.spring.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * The annotated test's application verifies against the run's one simulator ({@link SpringSimulator}): its
 * {@code playtcha.api-url} and {@code playtcha.secret} are the simulator's, and the simulator is reset before each
 * test. Put it beside {@code @SpringBootTest}; a {@code @Nested} class shares its enclosing class's. A class that starts
 * its applications itself ({@code SpringApplicationBuilder}) takes the annotation too, for the reset, and hands them
 * {@link SpringSimulator#simulator()}'s URL and secret.
 *
 * <pre>{@code
 * @WithSimulator
 * @SpringBootTest(classes = LoginTestApplication.class, webEnvironment = RANDOM_PORT, properties = "playtcha.login.require=always")
 * class AlwaysLoginTest {
 *     private static final PlaytchaSimulator PLAYTCHA = SpringSimulator.simulator();
 *     ...
 * }
 * }</pre>
 *
 * <p>The two properties are the same for every class of the run, so two classes whose configuration is otherwise the
 * same share one application context, as Spring caches it: an account's login counts live as long as the context,
 * so such classes use accounts of their own. A test that needs a simulator of its own for the whole context (a fault
 * from the start) starts one and hands it over with a {@code @DynamicPropertySource} instead of this annotation.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SpringSimulator.class)
@ContextCustomizerFactories(SpringSimulator.Properties.class)
public @interface WithSimulator {
}
