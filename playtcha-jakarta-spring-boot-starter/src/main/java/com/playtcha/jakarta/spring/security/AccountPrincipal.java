package com.playtcha.jakarta.spring.security;

/**
 * A login principal, or a login token, of the application's own type that says which account it logs into,
 * for the Playtcha guard of Spring Security's logins ({@code playtcha.login.require}): implement it on the
 * principal a login puts into a {@code UsernamePasswordAuthenticationToken} when that is not a name (a
 * two-factor form's DTO with the user, the one-time code and a device), or on an {@code Authentication} of
 * your own that carries a password (or on its principal), and each check of it is counted on that account.
 *
 * <pre>{@code
 * public record CodeLogin(String user, String code) implements AccountPrincipal {
 *     public String account() {
 *         return user;
 *     }
 * }
 *
 * manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(new CodeLogin("bob", "123456"), password));
 * }</pre>
 *
 * <p>A principal of a {@code UsernamePasswordAuthenticationToken} that is a name ({@code String},
 * {@code UserDetails}, {@code java.security.Principal}, {@code AuthenticatedPrincipal}) needs nothing. Any
 * other principal, a token of your own type that implements it neither itself nor on its principal, and an
 * {@code account()} that is {@code null}, blank or folds to nothing, is an account the guard cannot read:
 * each check of it needs a token, never a name taken from its {@code toString()}. Return the name exactly as
 * your user store looks it up; the guard folds it as docs/login.md says.
 */
public interface AccountPrincipal {

    /** The account this login is for, as the user store reads it; {@code null} when it names none. */
    String account();
}
