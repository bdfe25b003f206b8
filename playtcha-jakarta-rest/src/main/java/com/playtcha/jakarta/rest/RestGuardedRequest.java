package com.playtcha.jakarta.rest;

import com.playtcha.jakarta.spi.web.GuardedRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.IOException;

/**
 * A Jakarta REST request as {@link PlaytchaRequestFilter} hands it to the web guard: its properties
 * are the attributes (on a servlet-based runtime, the servlet request's attributes), and its token
 * is the header's or the urlencoded form field's ({@link FormToken}, which puts the body back).
 */
record RestGuardedRequest(ContainerRequestContext request, String clientAddress, String tokenHeader, String tokenField)
        implements GuardedRequest {

    @Override
    public Object attribute(String name) {
        return request.getProperty(name);
    }

    @Override
    public void attribute(String name, Object value) {
        if (value == null) {
            request.removeProperty(name);
        } else {
            request.setProperty(name, value);
        }
    }

    /** Jakarta REST already joins a header's values with {@code ","}. */
    @Override
    public String header(String name) {
        return request.getHeaderString(name);
    }

    @Override
    public String rawPath() {
        return request.getUriInfo().getRequestUri().getRawPath();
    }

    /** The header's first value, as the servlet filter reads it, else the form field. */
    @Override
    public String token() throws IOException {
        String fromHeader = request.getHeaders().getFirst(tokenHeader);
        if (fromHeader != null && !fromHeader.isBlank()) {
            return fromHeader;
        }
        return FormToken.read(request, tokenField);
    }
}
