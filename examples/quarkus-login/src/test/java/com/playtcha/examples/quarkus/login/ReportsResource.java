package com.playtcha.examples.quarkus.login;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The page {@link ReportsSecurity} secures: who is logged in. */
@Path("/reports")
public class ReportsResource {

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String reports() {
        return "reports for " + identity.getPrincipal().getName();
    }
}
