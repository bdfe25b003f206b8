/**
 * The login guard of a servlet application's Spring Security: {@link PlaytchaLoginGuard} decides every password check
 * or judgment it can reach ({@code formLogin()}, HTTP Basic, a login of the application's own through a manager, a
 * provider or the {@code PasswordEncoder} bean) on the request Spring binds to the thread ({@link BoundRequest});
 * {@link Guarding} puts it on each {@code HttpSecurity} ({@link GuardedChain}) and on the beans, and fails the start
 * where a password could be checked out of its reach ({@link ChainCheck}); {@link PlaytchaLoginPage} tells a login page
 * whether to show the widget, and {@link PlaytchaLoginExceptionHandler} answers a refused JSON login. The reactive
 * guard's package, {@code spring.security.reactive}, is this one's mirror: a class with a role here has the class of
 * that role there under the same name, {@code Reactive} before it. What both guards share is the floor below,
 * {@code spring.security}. The guide: docs/spring-security.md; the design: design/login-guard.md, sections 15 and 18.
 *
 * <p>May import: {@code core}; the floor below ({@code spring.security}); the SPI's login policy ({@code spi.login}),
 * its web side ({@code spi.web}), its servlet side ({@code spi.servlet}) and the stores' contracts ({@code spi.store});
 * Spring's APIs ({@code org.springframework}: Spring Security, Boot's servlet registrations, the request bound to a
 * thread); the Servlet API ({@code jakarta.servlet}). Nothing of the reactive guard's package nor of Reactor's, which a
 * servlet application need not have; never {@code internal} nor {@code config}.
 */
package com.playtcha.jakarta.spring.security.servlet;
