package com.playtcha.jakarta.spring.security.reactive;

/**
 * The logger the reactive guard writes, named as docs/webflux.md names it: the guard's
 * ({@code com.playtcha.jakarta.spring.security.reactive.ReactivePlaytchaLoginGuard}). Named by text, not by class, so
 * that the parts that log need not know the guard class built on top of them; {@code ReactiveGuardLoggerTest} holds
 * the name to the class's. The servlet guard's mirror is {@code GuardLogger}.
 */
final class ReactiveGuardLogger {

    /** The reactive guard's logger. */
    static final System.Logger LOG = System.getLogger("com.playtcha.jakarta.spring.security.reactive.ReactivePlaytchaLoginGuard");

    private ReactiveGuardLogger() {
    }
}
