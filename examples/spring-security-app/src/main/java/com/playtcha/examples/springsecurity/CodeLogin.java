package com.playtcha.examples.springsecurity;

import com.playtcha.jakarta.spring.security.AccountPrincipal;

/**
 * A two-factor form's principal, for a provider of the application's own that checks the password and the
 * code: a record whose {@code toString} carries every field is no account name, so it says which account
 * its checks count on ({@link AccountPrincipal}).
 */
public record CodeLogin(String username, String code) implements AccountPrincipal {
    @Override
    public String account() {
        return username;
    }
}
