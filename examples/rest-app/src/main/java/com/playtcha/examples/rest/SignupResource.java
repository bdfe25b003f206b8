package com.playtcha.examples.rest;

import com.playtcha.jakarta.rest.PlaytchaProtected;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.lang.System.Logger.Level;

/**
 * A sign-up as a browser form and as a JSON API. The two posts are {@code @PlaytchaProtected}: the
 * form's token comes from its {@code playtcha-token} field, the API's from the
 * {@code Playtcha-Token} header. The GET that shows the form is not guarded.
 */
@Path("/signup")
public class SignupResource {

    private static final System.Logger LOG = System.getLogger(SignupResource.class.getName());

    @Context
    HttpServletRequest request;

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
        return welcome(email);
    }

    @POST
    @PlaytchaProtected
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String signUpJson(String signup) {
        // A real application would bind the body with JSON-B; the example keeps to the REST API.
        return "{\"outcome\":\"" + request.getAttribute("com.playtcha.outcome") + "\"}";
    }

    private String welcome(String email) {
        // Let a request through unverified while Playtcha is down (fail-open), but keep its ledger id:
        // the library re-checks the token later and reports the outcome with that id.
        if (Boolean.TRUE.equals(request.getAttribute("com.playtcha.failed-open"))) {
            LOG.log(Level.WARNING, "Sign-up accepted unverified [email={0}, ledger_id={1}]", email,
                    request.getAttribute("com.playtcha.ledger-id"));
        }
        return "Welcome, " + email + " [" + request.getAttribute("com.playtcha.outcome") + "]\n";
    }
}
