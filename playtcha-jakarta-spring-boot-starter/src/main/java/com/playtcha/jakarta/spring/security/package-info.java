/**
 * The login policy for Spring Security: with {@code playtcha.login.require} set, every password check
 * of the application's {@code AuthenticationManager} ({@code formLogin()}, HTTP Basic, a login of its own
 * that calls the manager bean) asks for a token as the setting says and is counted
 * ({@link com.playtcha.jakarta.spring.security.PlaytchaSecurityAutoConfiguration}). Without the setting
 * nothing here runs. The guide: docs/spring-security.md.
 */
package com.playtcha.jakarta.spring.security;
