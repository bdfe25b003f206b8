package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test application on Netty on a random port (each subclass's {@code @SpringBootTest}), against one simulator for the
 * whole run, with BlockHound on ({@link BlockingCalls}); the user stores' counts and the simulator reset before each test.
 */
@ExtendWith({OnSimulator.Simulator.class, BlockingCalls.class})
abstract class OnSimulator {

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void playtcha(DynamicPropertyRegistry properties) {
        properties.add("playtcha.api-url", () -> Simulator.get().url().toString());
        properties.add("playtcha.secret", () -> Simulator.get().secret());
    }

    static PlaytchaSimulator playtcha() {
        return Simulator.get();
    }

    @BeforeEach
    void reset() {
        playtcha().reset();
        Users.LOOKUPS.set(0);
        LoginApplication.OWN_CHECKS.set(0);
    }

    Client client() {
        return new Client(port);
    }

    /** One simulator for the run, closed when the run ends. */
    static final class Simulator implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
        private static PlaytchaSimulator running;

        static synchronized PlaytchaSimulator get() {
            if (running == null) {
                running = PlaytchaSimulator.start();
            }
            return running;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            get();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Simulator.class, k -> this);
        }

        @Override
        public void close() {
            synchronized (Simulator.class) {
                if (running != null) {
                    running.close();
                }
            }
        }
    }
}
