package com.playtcha.jakarta.it.app;

import com.playtcha.jakarta.core.DecisionAttributes;
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
import java.util.List;

/**
 * A REST application's sign-up: the form post and the JSON post are {@code @PlaytchaProtected}, the
 * GET that shows the form is not. Answers {@code key=value} lines: what it read, and the request's
 * Playtcha attributes as the servlet request shows them.
 */
@Path("/signup")
@Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
public class RestSignupResource {

    private static final List<String> NAMES = List.of(DecisionAttributes.OUTCOME, DecisionAttributes.FAILED_OPEN,
            DecisionAttributes.ERROR_CODE, DecisionAttributes.LEDGER_ID);

    @Context
    HttpServletRequest servlet;

    @GET
    public String form() {
        return attributes("shown=true\n");
    }

    @POST
    @PlaytchaProtected
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public String signUp(@FormParam("name") String name) {
        return attributes("name=" + name + "\n");
    }

    @POST
    @Path("json")
    @PlaytchaProtected
    @Consumes(MediaType.APPLICATION_JSON)
    public String signUpJson(String body) {
        return attributes("body=" + body + "\n");
    }

    private String attributes(String read) {
        StringBuilder out = new StringBuilder(read);
        for (String name : NAMES) {
            out.append(name).append('=').append(servlet.getAttribute(name)).append('\n');
        }
        return out.toString();
    }
}
