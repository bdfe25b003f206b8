package com.playtcha.jakarta.security;

/** The application's own credential, saying which account it logs into ({@link AccountCredential}). */
record NamedCodeCredential(String user, String password, String code) implements AccountCredential {
    @Override
    public String account() {
        return user;
    }
}
