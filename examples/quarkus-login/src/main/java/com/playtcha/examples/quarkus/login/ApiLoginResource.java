package com.playtcha.examples.quarkus.login;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * An API login of the application's own (the token it answers would be a JWT in a real one): it asks Quarkus's
 * identity providers through the manager, with the request's routing context, so the login guard decides the check
 * first and reads the {@code Playtcha-Token} header. A refused login and a wrong password answer the same 401 here; the
 * guard's {@code Playtcha-Login-Needs-Token} header tells the client which one needs a token next.
 */
@Path("/api/login")
public class ApiLoginResource {

    @Inject
    IdentityProviderManager identities;

    @Inject
    RoutingContext http;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<RestResponse<String>> login(@FormParam("name") String name, @FormParam("password") String password) {
        var check = new UsernamePasswordAuthenticationRequest(name, new PasswordCredential(password.toCharArray()));
        HttpSecurityUtils.setRoutingContextAttribute(check, http);
        return identities.authenticate(check)
                .map(identity -> RestResponse.ok("session for " + identity.getPrincipal().getName()))
                .onFailure(AuthenticationFailedException.class)
                .recoverWithItem(() -> RestResponse.status(RestResponse.Status.UNAUTHORIZED, "login refused"));
    }
}
