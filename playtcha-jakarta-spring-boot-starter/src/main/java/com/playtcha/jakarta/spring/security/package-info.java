/**
 * The login policy for Spring Security: with {@code playtcha.login.require} set, every password check
 * of the application's {@code AuthenticationManager} ({@code formLogin()}, HTTP Basic, a login of its own
 * that calls the manager bean) asks for a token as the setting says and is counted
 * ({@link com.playtcha.jakarta.spring.security.PlaytchaSecurityAutoConfiguration}). Without the setting
 * nothing here runs. The guide: docs/spring-security.md.
 *
 * <p>May import: {@code core}; the SPI's web side ({@code spi.web}: the login policy and its one
 * rendering) and the stores' contracts ({@code spi.store}); the starter's own {@code spring} package;
 * Spring's APIs ({@code org.springframework}: Spring Security, Spring AOP, Boot's auto-configuration) and
 * AOP Alliance's ({@code org.aopalliance}); the Servlet API ({@code jakarta.servlet}). Never
 * {@code internal} nor {@code config}.
 */
package com.playtcha.jakarta.spring.security;
