package com.playtcha.examples.quarkus.login;

import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** A route of the management interface's own, {@code /q/whoami}: a request with Basic credentials is logged in first. */
@ApplicationScoped
public class ManagementRoute {

    void route(@Observes ManagementInterface management) {
        management.router().get("/q/whoami").handler(context -> context.end(String.valueOf(context.user() == null ? null
                : context.user().principal().getString("username"))));
    }
}
