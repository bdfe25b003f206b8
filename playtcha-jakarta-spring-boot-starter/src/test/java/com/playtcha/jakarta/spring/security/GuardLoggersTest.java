package com.playtcha.jakarta.spring.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The guard's loggers, named by text, bear the names the docs give them: the guard classes'. */
class GuardLoggersTest {

    @Test
    void theLoggers_areNamedAfterTheGuards() {
        assertEquals(PlaytchaLoginGuard.class.getName(), GuardLoggers.SERVLET.getName());
        assertEquals(ReactivePlaytchaLoginGuard.class.getName(), GuardLoggers.REACTIVE.getName());
    }
}
