package com.playtcha.jakarta.quarkus;

import com.playtcha.jakarta.spi.web.Rejection;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Writes the library's JSON envelope for a login the guard refused, where the client prefers JSON (an API or Basic
 * client that sends {@code Accept: application/json}): Quarkus hands an {@code AuthenticationFailedException} to the
 * router's failure handlers once the mechanism's challenge is set (with proactive authentication, Quarkus's
 * default), and this one answers with the refusal's status and body, the challenge's headers kept. A form login's
 * refusal is left to the form mechanism's redirect to its error page; a refusal for a client that does not prefer
 * JSON keeps the mechanism's own answer (Basic's 401 challenge), with the guard's headers.
 */
@ApplicationScoped
public class LoginRefusals {

    /** The {@code AuthenticationFailedException} attribute holding the guard's {@link Rejection}. */
    static final String REFUSAL = "com.playtcha.login.refusal";

    void route(@Observes Router router) {
        router.route().failureHandler(LoginRefusals::answer);
    }

    private static void answer(RoutingContext context) {
        if (context.failure() instanceof AuthenticationFailedException failed
                && failed.getAttributes().get(REFUSAL) instanceof Rejection refusal
                && refusal.body() != null && !context.response().ended() && !context.response().headWritten()
                && context.response().getStatusCode() != 302) {
            refusal.headers().forEach((name, value) -> context.response().putHeader(name, value));
            context.response().setStatusCode(refusal.status()).putHeader("Content-Type", Rejection.JSON_TYPE).end(refusal.json());
        } else {
            context.next();
        }
    }
}
