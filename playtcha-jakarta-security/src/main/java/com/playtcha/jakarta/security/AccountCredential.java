package com.playtcha.jakarta.security;

import jakarta.security.enterprise.credential.Credential;

/**
 * A credential of the application's own type that says which account it logs into, for
 * {@code playtcha.login.require=after-failures}: implement it on a credential that is not a
 * {@code UsernamePasswordCredential} (a name, a password and a one-time code; a JSON login's DTO), and
 * {@link PlaytchaLogin} counts its failures on that account.
 *
 * <pre>{@code
 * public record CodeLogin(String user, Password password, String code) implements Credential, AccountCredential {
 *     public String account() {
 *         return user;
 *     }
 * }
 * }</pre>
 *
 * <p>A credential the guard cannot read (of another type, with no {@code account()}) never borrows a name
 * from the request: every check of it needs a token. Return the name exactly as your identity store
 * looks it up; the guard folds it as docs/login.md says.
 */
public interface AccountCredential extends Credential {

    /**
     * The account this credential logs into, as the identity store reads it; {@code null} (or a blank
     * name) when it names none, and then every check of it needs a token, as for a type the guard cannot read.
     */
    String account();
}
