package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.spring.testkit.BlockingCalls;
import com.playtcha.jakarta.spring.testkit.Browser;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;

/**
 * A test application on Netty on a random port (each subclass's {@code @SpringBootTest}), against the run's simulator
 * ({@link WithSimulator}), with BlockHound on ({@link BlockingCalls}); the user stores' counts reset before each test.
 */
@WithSimulator
@ExtendWith(BlockingCalls.class)
abstract class OnSimulator {

    @Value("${local.server.port}")
    int port;

    static PlaytchaSimulator playtcha() {
        return SpringSimulator.simulator();
    }

    @BeforeEach
    void resetCounts() {
        Users.LOOKUPS.set(0);
        LoginApplication.OWN_CHECKS.set(0);
    }

    /** A browser on a connection per request ({@link Browser#connectionPerRequest}: Reactor Netty's keep-alive). */
    Browser client() {
        return Browser.connectionPerRequest(port);
    }
}
