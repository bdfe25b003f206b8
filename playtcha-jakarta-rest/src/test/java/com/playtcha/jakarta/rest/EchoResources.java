package com.playtcha.jakarta.rest;

import com.playtcha.jakarta.core.DecisionAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Resources that answer with what they saw: the form, the body, the Playtcha request properties and servlet attributes. */
final class EchoResources {

    private static final List<String> NAMES = List.of(DecisionAttributes.OUTCOME, DecisionAttributes.FAILED_OPEN,
            DecisionAttributes.DEGRADED, DecisionAttributes.ERROR_CODE, DecisionAttributes.REQUEST_ID,
            DecisionAttributes.LEDGER_ID);

    private EchoResources() {
    }

    /** {@code name=value} lines: each property, then each servlet attribute as {@code servlet:name}. */
    static String echo(ContainerRequestContext properties, HttpServletRequest servlet, String more) {
        StringBuilder out = new StringBuilder();
        for (String name : NAMES) {
            out.append(name).append('=').append(properties.getProperty(name)).append('\n');
            out.append("servlet:").append(name).append('=').append(servlet.getAttribute(name)).append('\n');
        }
        out.append("result-type=").append(properties.getProperty(DecisionAttributes.RESULT) == null ? "none"
                : properties.getProperty(DecisionAttributes.RESULT).getClass().getSimpleName()).append('\n');
        return out.append(more).toString();
    }

    @Path("/")
    public static class Methods {
        @Context
        ContainerRequestContext request;
        @Context
        HttpServletRequest servlet;

        @POST
        @Path("form")
        @PlaytchaProtected
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        public String form(@FormParam("name") String name, @FormParam("big") String big) {
            return echo(request, servlet, "name=" + name + "\nbig-length=" + (big == null ? 0 : big.length()) + "\n");
        }

        @POST
        @Path("json")
        @PlaytchaProtected
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        public String json(String body) {
            return echo(request, servlet, "body=" + body + "\n");
        }

        /** A GET annotated itself: guarded although {@code methods} is POST. */
        @GET
        @Path("guarded-get")
        @PlaytchaProtected
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        public String guardedGet() {
            return echo(request, servlet, "");
        }

        @POST
        @Path("open")
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        public String open(String body) {
            return echo(request, servlet, "body=" + body + "\n");
        }
    }

    /** Guarded through its class: only the methods in {@code playtcha.methods}. */
    @Path("/class")
    @PlaytchaProtected
    public static class WholeClass {
        @Context
        ContainerRequestContext request;
        @Context
        HttpServletRequest servlet;

        @GET
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        public String show() {
            return echo(request, servlet, "shown\n");
        }

        @POST
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        public String submit() {
            return echo(request, servlet, "submitted\n");
        }
    }

    /** A resource interface as OpenAPI generators write them: the annotations on the interface's methods. */
    @Path("/declared")
    public interface DeclaredApi {
        @GET
        @Path("get")
        @PlaytchaProtected
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        String guardedGet();

        @PUT
        @Path("put")
        @PlaytchaProtected
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        String guardedPut(String body);
    }

    /** Implements {@link DeclaredApi}: its methods carry no annotation of their own. */
    public static class Declared implements DeclaredApi {
        @Context
        ContainerRequestContext request;
        @Context
        HttpServletRequest servlet;

        @Override
        public String guardedGet() {
            return echo(request, servlet, "");
        }

        @Override
        public String guardedPut(String body) {
            return echo(request, servlet, "body=" + body + "\n");
        }
    }

    /** An abstract resource whose annotated method a concrete resource inherits and overrides. */
    public abstract static class BaseResource {
        @GET
        @Path("get")
        @PlaytchaProtected
        @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
        public abstract String guardedGet();
    }

    /** Extends {@link BaseResource}, overriding its annotated method without annotations. */
    @Path("/inherited")
    public static class Inherited extends BaseResource {
        @Context
        ContainerRequestContext request;
        @Context
        HttpServletRequest servlet;

        @Override
        public String guardedGet() {
            return echo(request, servlet, "");
        }
    }
}
