package com.playtcha.examples.quarkus.security;

import com.playtcha.jakarta.security.PlaytchaLogin;
import jakarta.enterprise.context.ApplicationScoped;

/** Where a Jakarta Security runtime would have an {@code HttpAuthenticationMechanism}: a bean with {@code @PlaytchaLogin}. */
@ApplicationScoped
@PlaytchaLogin(paths = "/api/login")
public class LoginMechanism {

    public String validateRequest() {
        return "authenticated";
    }
}
