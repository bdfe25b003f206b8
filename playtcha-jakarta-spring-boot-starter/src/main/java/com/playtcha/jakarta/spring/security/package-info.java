/**
 * The login policy for Spring Security: with {@code playtcha.login.require} set, every password check or
 * judgment the guard can reach ({@code formLogin()}, HTTP Basic, a login of the application's own through a
 * manager, a provider or the {@code PasswordEncoder} bean) asks for a token as the setting says and is counted
 * on what was judged ({@link com.playtcha.jakarta.spring.security.PlaytchaSecurityAutoConfiguration}), and the
 * start fails where a password could be checked out of its reach. Without the setting nothing here runs. The
 * guide: docs/spring-security.md; the design: design/login-guard.md, section 15.
 *
 * <p>May import: {@code core}; the SPI's login policy ({@code spi.login}), its web side ({@code spi.web}) and
 * servlet side ({@code spi.servlet}), and the stores' contracts ({@code spi.store}); the starter's own
 * {@code spring} package; Spring's APIs ({@code org.springframework}: Spring Security, Spring AOP, Boot's
 * auto-configuration) and AOP Alliance's ({@code org.aopalliance}); the Servlet API ({@code jakarta.servlet}).
 * Never {@code internal} nor {@code config}.
 */
package com.playtcha.jakarta.spring.security;
