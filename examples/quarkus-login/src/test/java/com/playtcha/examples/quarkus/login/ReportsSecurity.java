package com.playtcha.examples.quarkus.login;

import io.quarkus.vertx.http.security.HttpSecurity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The tests' path of their own, {@code /reports}, secured through Quarkus's programmatic API ({@code HttpSecurity}):
 * Basic only, path-specific authentication. Its password checks reach the manager like any other Basic check.
 */
@ApplicationScoped
public class ReportsSecurity {

    void secure(@Observes HttpSecurity security) {
        security.path("/reports", "/reports/*").basic().authenticated();
    }
}
