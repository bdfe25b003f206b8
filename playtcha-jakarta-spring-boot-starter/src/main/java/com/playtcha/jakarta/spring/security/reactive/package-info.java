/**
 * The login guard of a reactive (WebFlux) application's Spring Security, the servlet guard's mirror:
 * {@link ReactivePlaytchaLoginGuard} decides every password check a {@code ReactiveAuthenticationManager} makes
 * ({@code formLogin()}, {@code httpBasic()}, a login of the application's own) on the exchange
 * {@link ReactiveLoginExchange} puts into the Reactor {@code Context} ({@link ReactivePasswordChecks}, without
 * blocking an event loop); {@link ReactiveGuarding} puts it on each {@code ServerHttpSecurity}
 * ({@link ReactiveGuardedChain}) and on the beans, and fails the start where a password could be checked out of its
 * reach ({@link ReactiveChainCheck}); {@link ReactivePlaytchaLoginExceptionHandler} answers a refused JSON login. A class
 * with a role in the servlet guard's package ({@code spring.security.servlet}) has the class of that role here under the
 * same name, {@code Reactive} before it; what both guards share is the floor below, {@code spring.security}. The
 * guide: docs/webflux.md; the design: design/login-guard.md, sections 16 and 18.
 *
 * <p>May import: {@code core}; the floor below ({@code spring.security}); the starter's WebFlux side
 * ({@code spring.webflux}: the exchange as the web guard reads it, the {@code Mono} verifier, the exchange's event
 * loop); the SPI's login policy ({@code spi.login}), its web side ({@code spi.web}), the doors' protocol names
 * ({@code spi.door}) and the stores' contracts ({@code spi.store}); Spring's APIs ({@code org.springframework}: Spring
 * Security, Spring AOP, the bean factory, WebFlux) and AOP Alliance's ({@code org.aopalliance}); Reactor's
 * ({@code reactor.core}, {@code reactor.util}). Nothing of the servlet guard's package nor of the Servlet API, which a
 * WebFlux application does not have; never {@code internal} nor {@code config}.
 */
package com.playtcha.jakarta.spring.security.reactive;
