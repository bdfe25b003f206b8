package com.playtcha.examples.quarkus.jpa;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The page behind the login: who is logged in. */
@Path("/account")
public class AccountResource {

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String account() {
        return "logged in as " + identity.getPrincipal().getName();
    }
}
