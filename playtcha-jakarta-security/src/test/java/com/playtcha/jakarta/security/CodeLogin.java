package com.playtcha.jakarta.security;

import jakarta.security.enterprise.credential.Password;

/** The application's own credential, saying which account it logs into: docs/login.md's example ({@link LoginDocTest}). */
public record CodeLogin(String user, Password password, String code) implements AccountCredential {
    public String account() {
        return user;
    }
}
