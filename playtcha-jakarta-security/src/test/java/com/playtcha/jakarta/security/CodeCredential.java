package com.playtcha.jakarta.security;

import jakarta.security.enterprise.credential.Credential;

/**
 * A credential of an application's own type, as a login with a one-time code would have: no
 * {@code UsernamePasswordCredential}, nothing the guard can read the account from.
 */
record CodeCredential(String user, String password, String code) implements Credential {
}
