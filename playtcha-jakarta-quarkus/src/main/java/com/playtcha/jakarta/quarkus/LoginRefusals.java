package com.playtcha.jakarta.quarkus;

import com.playtcha.jakarta.spi.web.Rejection;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.BiConsumer;

/**
 * Writes the library's JSON envelope for a login the guard refused, where the client prefers JSON (an API or Basic
 * client that sends {@code Accept: application/json}), with the refusal's status and body and the challenge's headers
 * kept. With proactive authentication (Quarkus's default) Quarkus hands an {@code AuthenticationFailedException} to the
 * router's failure handlers once the mechanism's challenge is set, and this one answers. With lazy authentication
 * ({@code quarkus.http.auth.proactive=false}) the refusal reached the router's failure handlers before the challenge
 * (on 3.33.2: the envelope without Basic's {@code WWW-Authenticate}); Quarkus then keeps a failure handler in the
 * request's routing context ({@code QuarkusHttpUser.AUTH_FAILURE_HANDLER}, there to be replaced, its sources say), so
 * for such a refusal the guard puts one of its own there ({@link #answerLazily}), which lets the mechanism challenge as
 * Quarkus's does, then writes the envelope. A form login's refusal is left to the form mechanism's redirect to its
 * error page; a refusal for a client that does not prefer JSON keeps the mechanism's own answer (Basic's 401
 * challenge), with the guard's headers.
 */
@ApplicationScoped
public class LoginRefusals {

    /** The {@code AuthenticationFailedException} attribute holding the guard's {@link Rejection}. */
    static final String REFUSAL = "com.playtcha.login.refusal";

    void route(@Observes Router router) {
        router.route().failureHandler(LoginRefusals::answer);
    }

    private static void answer(RoutingContext context) {
        if (!(context.failure() instanceof AuthenticationFailedException failed) || !written(context, failed)) {
            context.next();
        }
    }

    /**
     * Under lazy authentication: {@code http}'s failure handler replaced by one that writes the envelope of the guard's
     * refusal, and leaves any other failure to the handler Quarkus put there.
     */
    static void answerLazily(RoutingContext http) {
        BiConsumer<RoutingContext, Throwable> quarkus = http.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        if (quarkus != null && !(quarkus instanceof Lazily)) {
            http.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, new Lazily(quarkus));
        }
    }

    /** The envelope of {@code failed}, written if it is the guard's refusal for a client that prefers JSON and nothing was sent. */
    private static boolean written(RoutingContext context, AuthenticationFailedException failed) {
        if (failed.getAttributes().get(REFUSAL) instanceof Rejection refusal && refusal.body() != null && !context.response().ended()
                && !context.response().headWritten() && context.response().getStatusCode() != 302) {
            refusal.headers().forEach((name, value) -> context.response().putHeader(name, value));
            context.response().setStatusCode(refusal.status()).putHeader("Content-Type", Rejection.JSON_TYPE).end(refusal.json());
            return true;
        }
        return false;
    }

    /** A lazily authenticated request's failure handler: Quarkus's lazy one (challenge, then end), with the envelope for the guard's. */
    private record Lazily(BiConsumer<RoutingContext, Throwable> quarkus) implements BiConsumer<RoutingContext, Throwable> {

        @Override
        public void accept(RoutingContext context, Throwable failure) {
            AuthenticationFailedException refused = null;
            for (Throwable cause = failure; cause != null && refused == null; cause = cause.getCause()) {
                if (cause instanceof AuthenticationFailedException failed && failed.getAttributes().get(REFUSAL) != null) {
                    refused = failed;
                }
            }
            HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
            if (refused == null || authenticator == null || context.response().ended()) {
                quarkus.accept(context, failure);
                return;
            }
            AuthenticationFailedException failed = refused;
            HttpSecurityUtils.addAuthenticationFailureToEvent(failed, context);
            authenticator.sendChallenge(context).subscribe().with(challenged -> {
                if (!context.response().ended() && !written(context, failed)) {
                    context.response().end();
                }
            }, context::fail);
        }
    }
}
