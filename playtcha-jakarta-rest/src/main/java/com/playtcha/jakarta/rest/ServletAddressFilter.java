package com.playtcha.jakarta.rest;

import com.playtcha.jakarta.core.PlaytchaSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;

/**
 * The REST filter on a servlet-based runtime (Jersey's servlet container, RESTEasy in WildFly): the
 * same, with the servlet request's address for the client's verify budget. Registered instead of its
 * parent only where the Servlet API is on the class path, so that runtimes without it never load this
 * class and its servlet-typed field.
 */
final class ServletAddressFilter extends PlaytchaRequestFilter {

    @Context
    private HttpServletRequest servletRequest;

    ServletAddressFilter(PlaytchaSettings settings, ApplicationVerifier verifier, boolean onMethod) {
        super(settings, verifier, onMethod);
    }

    /** Where the runtime has the Servlet API but serves this request without a servlet, the parent's answer. */
    @Override
    String clientAddress(ContainerRequestContext request) {
        String address;
        try {
            address = servletRequest == null ? null : servletRequest.getRemoteAddr();
        } catch (RuntimeException notAServletRequest) { // an injected proxy with no servlet request behind it
            address = null;
        }
        return address != null ? address : super.clientAddress(request);
    }
}
