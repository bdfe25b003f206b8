package com.playtcha.jakarta.spring.testkit;

import com.playtcha.jakarta.spring.security.AccountPrincipal;

/** An {@link EmailPasswordToken} that names its account, the e-mail, through {@link AccountPrincipal}: counted on it. */
public final class NamedEmailPasswordToken extends EmailPasswordToken implements AccountPrincipal {
    private static final long serialVersionUID = 1L;

    public NamedEmailPasswordToken(String email, String password) {
        super(email, password);
    }

    @Override
    public String account() {
        return (String) getPrincipal();
    }
}
