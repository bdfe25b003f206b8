package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What an operator is told of a {@code httpBasic()} whose manager the guard does not hold (a lambda of the application's
 * own, asking no store bean): one WARNING of the guard's logger for that login, however many times it logs in, saying
 * that its outcomes are not known. A context of its own (the logging level property sets it apart), so that no other
 * test's login spent the once. Before the up-front decision, nothing was logged for such a login.
 */
@SpringBootTest(classes = LoginApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"playtcha.login.require=always", "logging.level.com.playtcha.jakarta.spring.security.reactive.ReactivePlaytchaLoginGuard=INFO"})
class OwnManagerWarningTest extends OnSimulator {

    private static final String LOGGER = "com.playtcha.jakarta.spring.security.reactive.ReactivePlaytchaLoginGuard";

    @Test
    void aLoginOnAManagerTheGuardDoesNotHold_isToldOnce() throws Exception {
        Logger logger = Logger.getLogger(LOGGER);
        Warnings warnings = new Warnings();
        logger.addHandler(warnings);
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals("caller=pat", client().basic("/own-basic/whoami", "pat", "secret", playtcha().mintToken()).body());
            }
            assertTrue(warnings.logged.tryAcquire(30, TimeUnit.SECONDS), "a WARNING within 30 s");
            assertEquals(1, warnings.messages.size(), warnings.messages::toString);
            assertTrue(warnings.messages.get(0).startsWith("A password login of httpBasic() runs on a ReactiveAuthenticationManager "
                    + "the Playtcha guard does not hold"), warnings.messages::toString);
        } finally {
            logger.removeHandler(warnings);
        }
    }

    /** The guard's WARNINGs about managers it does not hold, as they are logged. */
    private static final class Warnings extends Handler {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final Semaphore logged = new Semaphore(0);

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue() && record.getMessage().contains("does not hold")) {
                messages.add(record.getMessage());
                logged.release();
            }
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
