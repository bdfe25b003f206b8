package com.playtcha.examples.quarkus.security;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * In Quarkus itself, where ArC runs no portable CDI extension: an application with a class carrying
 * {@code @PlaytchaLogin} fails its build, naming the class and what to use instead, rather than start
 * with the login unguarded (the security jar's CDI Lite extension).
 */
class PlaytchaLoginFailsTheBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(LoginMechanism.class))
            .overrideConfigKey("playtcha.secret", "test-secret")
            .assertException(failure -> {
                String messages = Failures.messages(failure);
                assertTrue(messages.contains("@PlaytchaLogin on " + LoginMechanism.class.getName() + " guards nothing here"),
                        messages);
                assertTrue(messages.contains("@PlaytchaProtected") && messages.contains("PlaytchaVerifier.verify"), messages);
            });

    @Test
    void anApplicationWithPlaytchaLogin_isNotBuilt() {
        fail("an application with @PlaytchaLogin was built and started");
    }
}
