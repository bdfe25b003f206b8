package com.playtcha.jakarta.it.app.security;

import jakarta.security.enterprise.credential.Credential;

/**
 * The application's own credential type, as a login with a one-time code would have: no
 * {@code UsernamePasswordCredential}, so a guard cannot read its account; the mechanism turns it into a
 * password check ({@link JsonLoginMechanism}).
 */
public record CodeLogin(String username, String password, String code) implements Credential {
}
