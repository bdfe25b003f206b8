package com.playtcha.examples.quarkus.login;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * An API login that forgets what docs/quarkus.md asks of one ("A login of your own"): it asks the manager without the
 * request's routing context. The guard finds the request itself and decides the check as that request's, with its
 * token and client address (issue 93); a reactive endpoint (the event loop) and a blocking one (a worker).
 */
@Path("/forgetful")
public class ForgetfulLoginResource {

    @Inject
    IdentityProviderManager identities;

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<RestResponse<String>> login(@FormParam("name") String name, @FormParam("password") String password) {
        return identities.authenticate(check(name, password))
                .map(identity -> RestResponse.ok("session for " + identity.getPrincipal().getName()))
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(() -> RestResponse.status(RestResponse.Status.UNAUTHORIZED, "login refused"));
    }

    @POST
    @Path("/blocking-login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public RestResponse<String> blockingLogin(@FormParam("name") String name, @FormParam("password") String password) {
        try {
            return RestResponse.ok("session for " + identities.authenticateBlocking(check(name, password)).getPrincipal().getName());
        } catch (AuthenticationFailedException refused) {
            return RestResponse.status(RestResponse.Status.UNAUTHORIZED, "login refused");
        }
    }

    /**
     * A login asked on the event loop's root context, outside the request's own (duplicated) context, as a handler of the
     * application's own may run: the guard cannot tell it from a check with no request, decides it as one, and names this
     * class in a WARNING once.
     */
    @POST
    @Path("/root-context-login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> rootContextLogin(@FormParam("name") String name, @FormParam("password") String password) {
        Context root = VertxContext.getRootContext(Vertx.currentContext());
        return Uni.createFrom().emitter(answer -> root.runOnContext(nothing -> identities.authenticate(check(name, password))
                .subscribe().with(identity -> answer.complete("logged in"), failure -> answer.complete("refused"))));
    }

    private static UsernamePasswordAuthenticationRequest check(String name, String password) {
        return new UsernamePasswordAuthenticationRequest(name, new PasswordCredential(password.toCharArray()));
    }
}
