/**
 * The login policy for Spring Security: with {@code playtcha.login.require} set, every password check or
 * judgment the guard can reach ({@code formLogin()}, HTTP Basic, a login of the application's own through a
 * manager, a provider or the {@code PasswordEncoder} bean) asks for a token as the setting says and is counted
 * on what was judged ({@link com.playtcha.jakarta.spring.security.PlaytchaSecurityAutoConfiguration}), and the
 * start fails where a password could be checked out of its reach. In a reactive (WebFlux) application the same for
 * reactive Spring Security's {@code ReactiveAuthenticationManager}s and chains, the check carried in the Reactor
 * {@code Context} ({@link com.playtcha.jakarta.spring.security.ReactivePlaytchaLoginGuard}). Without the setting nothing
 * here runs. The guides: docs/spring-security.md, docs/webflux.md; the design: design/login-guard.md, sections 15 and 16.
 *
 * <p>May import: {@code core}; the SPI's login policy ({@code spi.login}), its web side ({@code spi.web}) and
 * servlet side ({@code spi.servlet}), the doors' protocol names ({@code spi.door}) and the stores' contracts
 * ({@code spi.store}); the starter's own {@code spring} package and its WebFlux side ({@code spring.webflux}: the
 * exchange as the web guard reads it, the {@code Mono} verifier, a refusal's answer) in the reactive guard's classes;
 * Spring's APIs ({@code org.springframework}: Spring Security, Spring AOP, Boot's auto-configuration) and AOP
 * Alliance's ({@code org.aopalliance}); Reactor's ({@code reactor.core}, {@code reactor.util}); the Servlet API
 * ({@code jakarta.servlet}). Never {@code internal} nor {@code config}. A class of the reactive guard names nothing of
 * the Servlet API, which a WebFlux application does not have, and the servlet guard's classes nothing of Reactor's.
 */
package com.playtcha.jakarta.spring.security;
