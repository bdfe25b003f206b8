package com.playtcha.jakarta.spring.security;

/**
 * The two loggers the login guard writes, named as docs/spring-security.md and docs/webflux.md name them: the
 * servlet guard's ({@code com.playtcha.jakarta.spring.security.PlaytchaLoginGuard}) and the reactive guard's
 * ({@code ...ReactivePlaytchaLoginGuard}). Named by text, not by class, so that the parts that log need not know the
 * guard classes built on top of them; {@code GuardLoggersTest} holds the names to the classes'.
 */
final class GuardLoggers {

    /** The servlet guard's logger. */
    static final System.Logger SERVLET = System.getLogger("com.playtcha.jakarta.spring.security.PlaytchaLoginGuard");
    /** The reactive guard's logger. */
    static final System.Logger REACTIVE = System.getLogger("com.playtcha.jakarta.spring.security.ReactivePlaytchaLoginGuard");

    private GuardLoggers() {
    }
}
