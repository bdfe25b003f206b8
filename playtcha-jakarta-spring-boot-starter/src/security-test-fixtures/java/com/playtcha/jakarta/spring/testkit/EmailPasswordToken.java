package com.playtcha.jakarta.spring.testkit;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A password token of a test application's own type (issue 70, item 6), as an application that logs in by e-mail
 * writes one: its principal is the e-mail, and it names no account the login guard can read, so the guard asks for a
 * token at every check. {@link NamedEmailPasswordToken} is the same token naming its account. The application's own
 * manager checks it (the user being the e-mail's local part); no encoder bean sees it.
 */
public class EmailPasswordToken extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;
    private final String email;
    private final String password;

    public EmailPasswordToken(String email, String password) {
        super(List.of());
        this.email = email;
        this.password = password;
    }

    @Override
    public Object getPrincipal() {
        return email;
    }

    @Override
    public Object getCredentials() {
        return password;
    }
}
