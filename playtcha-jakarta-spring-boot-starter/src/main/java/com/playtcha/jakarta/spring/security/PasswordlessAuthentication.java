package com.playtcha.jakarta.spring.security;

/**
 * Says that an {@code Authentication} of the application's own type carries no password, for the Playtcha
 * guard of Spring Security's logins ({@code playtcha.login.require}): an API key looked up in a table, a
 * signed link, a device's certificate. The guard lets such a token through undecided and uncounted, as it
 * does Spring Security's own remember-me, bearer and one-time tokens.
 *
 * <pre>{@code
 * public class ApiKeyToken extends AbstractAuthenticationToken implements PasswordlessAuthentication {
 *     ...
 * }
 * }</pre>
 *
 * <p>Without it, a token of the application's own type (one whose nearest Spring Security superclass is
 * {@code AbstractAuthenticationToken}) is taken for a password check, since the guard cannot tell what it
 * carries: each is decided, on the account it names through {@link AccountPrincipal}, else as an account
 * the guard cannot read (a token each time). A subclass of one of Spring Security's own password-free
 * tokens ({@code PreAuthenticatedAuthenticationToken}, {@code BearerTokenAuthenticationToken}, ...) needs
 * nothing. Never put it on a token whose secret a person chose and can be guessed: that is a password.
 */
public interface PasswordlessAuthentication {
}
