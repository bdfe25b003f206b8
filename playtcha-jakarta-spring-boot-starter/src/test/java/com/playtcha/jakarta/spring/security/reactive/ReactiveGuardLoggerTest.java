package com.playtcha.jakarta.spring.security.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reactive guard's logger, named by text, bears the name the docs give it: the guard class's. */
class ReactiveGuardLoggerTest {

    @Test
    void theLogger_isNamedAfterTheGuard() {
        assertEquals(ReactivePlaytchaLoginGuard.class.getName(), ReactiveGuardLogger.LOG.getName());
    }
}
