package com.playtcha.examples.quarkus;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.rest.PlaytchaProtected;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * A blocking endpoint: Quarkus REST runs it on a worker thread. The form's {@code playtcha-token}
 * field (or the {@code Playtcha-Token} header) is verified before the method runs; the outcome is in
 * the request's properties.
 */
@Path("/signup")
public class SignupResource {

    @POST
    @PlaytchaProtected
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String signUp(@FormParam("email") String email, @Context ContainerRequestContext request) {
        return "signed up " + email + " [" + request.getProperty(DecisionAttributes.OUTCOME)
                + (Boolean.TRUE.equals(request.getProperty(DecisionAttributes.FAILED_OPEN)) ? ", failed open" : "") + "]";
    }
}
