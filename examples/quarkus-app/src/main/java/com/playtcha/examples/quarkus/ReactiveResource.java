package com.playtcha.examples.quarkus;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.rest.PlaytchaProtected;
import io.smallrye.mutiny.Uni;
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
 * Reactive endpoints: they return {@code Uni}, so Quarkus REST runs them on the event loop. The verify
 * still runs on a worker thread (the filter hands it over and resumes the request when it is done).
 */
@Path("/reactive")
public class ReactiveResource {

    @POST
    @Path("/comment")
    @PlaytchaProtected
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> comment(@FormParam("text") String text, @Context ContainerRequestContext request) {
        return Uni.createFrom().item("comment " + text + " [" + request.getProperty(DecisionAttributes.OUTCOME) + "]");
    }

    /** Annotated on the method: guarded whatever its HTTP method, GET too (the token in the header). */
    @GET
    @Path("/download")
    @PlaytchaProtected
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> download(@Context ContainerRequestContext request) {
        return Uni.createFrom().item("download [" + request.getProperty(DecisionAttributes.OUTCOME) + "]");
    }
}
