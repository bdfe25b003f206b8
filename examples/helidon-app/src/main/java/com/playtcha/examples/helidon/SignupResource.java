package com.playtcha.examples.helidon;

import com.playtcha.jakarta.rest.PlaytchaProtected;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * A sign-up form. The post is {@code @PlaytchaProtected}: its token comes from the form's
 * {@code playtcha-token} field (or the {@code Playtcha-Token} header); the GET that shows the form is not
 * guarded. Nothing registers the filter by hand: the REST jar on the class path is enough (docs/rest.md,
 * "Helidon MP").
 */
@Path("/signup")
@RequestScoped
public class SignupResource {

    @Context
    ContainerRequestContext request;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String form() {
        return """
                <form method="post" action="signup">
                  <input name="email" type="email" required>
                  <div class="playtcha-widget"></div> <!-- writes <input type="hidden" name="playtcha-token"> -->
                  <button>Sign up</button>
                </form>
                """;
    }

    @POST
    @PlaytchaProtected
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String signUp(@FormParam("email") String email) {
        // Let a request through unverified while Playtcha is down (fail-open), but keep its ledger id:
        // the library re-checks the token later and reports the outcome with that id.
        if (Boolean.TRUE.equals(request.getProperty("com.playtcha.failed-open"))) {
            return "Welcome, " + email + " (to be re-checked: " + request.getProperty("com.playtcha.ledger-id") + ")";
        }
        return "Welcome, " + email;
    }
}
