package com.playtcha.jakarta.spring.security.servlet;

/**
 * The logger the servlet guard writes, named as docs/spring-security.md names it: the guard's
 * ({@code com.playtcha.jakarta.spring.security.servlet.PlaytchaLoginGuard}). Named by text, not by class, so that the
 * parts that log need not know the guard class built on top of them; {@code GuardLoggerTest} holds the name to the
 * class's. The reactive guard's mirror is {@code ReactiveGuardLogger}.
 */
final class GuardLogger {

    /** The servlet guard's logger. */
    static final System.Logger LOG = System.getLogger("com.playtcha.jakarta.spring.security.servlet.PlaytchaLoginGuard");

    private GuardLogger() {
    }
}
