package com.playtcha.jakarta.quarkus;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import org.junit.jupiter.api.Test;

/** The benchmark measures what it says: its ordinary logins are let in by the store, its failed ones refused. */
class QuarkusLoginBenchmarkTest {

    @Test
    void ordinaryLogins_logIn_failedOnes_areRefused() {
        QuarkusLoginBenchmark bench = new QuarkusLoginBenchmark();
        bench.setUp();
        try {
            for (int i = 0; i < 10_000; i++) {
                assertInstanceOf(SecurityIdentity.class, bench.ordinaryLogin());
                assertInstanceOf(AuthenticationFailedException.class, bench.failedLogin());
            }
        } finally {
            bench.tearDown();
        }
    }
}
