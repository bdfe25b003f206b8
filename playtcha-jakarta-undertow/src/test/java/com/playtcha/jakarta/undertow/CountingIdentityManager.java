package com.playtcha.jakarta.undertow;

import io.undertow.security.idm.Account;
import io.undertow.security.idm.Credential;
import io.undertow.security.idm.IdentityManager;
import io.undertow.security.idm.PasswordCredential;
import java.security.Principal;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Undertow's realm for the tests: one user, {@code alice} with password {@code secret} in role
 * {@code user}, and a count of the password checks (what a captcha on the login must spare).
 */
final class CountingIdentityManager implements IdentityManager {

    static final String USER = "alice";
    static final String PASSWORD = "secret";

    private final AtomicInteger passwordChecks = new AtomicInteger();

    int passwordChecks() {
        return passwordChecks.get();
    }

    @Override
    public Account verify(Account account) {
        return account;
    }

    @Override
    public Account verify(String id, Credential credential) {
        passwordChecks.incrementAndGet();
        boolean valid = USER.equals(id) && credential instanceof PasswordCredential password
                && Arrays.equals(PASSWORD.toCharArray(), password.getPassword());
        return valid ? new Alice() : null;
    }

    @Override
    public Account verify(Credential credential) {
        return null;
    }

    private static final class Alice implements Account {
        private static final long serialVersionUID = 1L;

        @Override
        public Principal getPrincipal() {
            return () -> USER;
        }

        @Override
        public Set<String> getRoles() {
            return Set.of("user");
        }
    }
}
