package com.playtcha.jakarta.spring.security.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The servlet guard's logger, named by text, bears the name the docs give it: the guard class's. */
class GuardLoggerTest {

    @Test
    void theLogger_isNamedAfterTheGuard() {
        assertEquals(PlaytchaLoginGuard.class.getName(), GuardLogger.LOG.getName());
    }
}
