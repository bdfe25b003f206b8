/**
 * The floor both login guards of Spring Security stand on ({@code playtcha.login.require}): each rule the two stacks
 * share, written once. The API a login of the application's own uses on either stack ({@link AccountPrincipal},
 * {@link PasswordlessAuthentication}) and the refusal both guards throw ({@link PlaytchaLoginException}); what a token
 * is to the guard ({@link PasswordToken}) and one account however it is spelt ({@link Aliases}); how the guard holds
 * a part that checks or judges passwords, a proxy of either stack's ({@link Guards}, and the call it hands on,
 * {@link PartCall}); what one check's counts are told once it ended, on either stack ({@link CheckOutcomes}); how a
 * check that a blocking part meets is decided and counted on what was judged ({@link PasswordChecks},
 * {@link CheckFrame}, {@link Decider}), which the servlet guard decides on the request bound to the thread and the
 * reactive guard, for the servlet parts of a reactive application, outside any request; and the one place the stack
 * is read ({@link SpringCaller}). Each guard
 * is a floor up, in a package of its own whose names mirror the other's
 * ({@code spring.security.servlet}: {@code PlaytchaLoginGuard}, {@code spring.security.reactive}:
 * {@code ReactivePlaytchaLoginGuard}); the auto-configuration that wires both, {@code PlaytchaSecurityAutoConfiguration},
 * a floor above them, in {@code spring}. The public types here other than the three of the API are internal to the
 * starter, public only to be reached from a guard's package, and say so. The guides: docs/spring-security.md,
 * docs/webflux.md; the design: design/login-guard.md, sections 15 to 18.
 *
 * <p>May import: {@code core}; the SPI's login policy ({@code spi.login}), its web side ({@code spi.web}) and the
 * stores' contracts ({@code spi.store}); Spring's APIs ({@code org.springframework}: Spring Security, Spring AOP, the
 * bean factory, the request bound to a thread) and AOP Alliance's ({@code org.aopalliance}). Nothing of a floor above
 * it (a guard's package, the auto-configuration's), nothing of the Servlet API nor of Reactor's, which one of the two
 * stacks does not have; never {@code internal} nor {@code config}.
 */
package com.playtcha.jakarta.spring.security;
