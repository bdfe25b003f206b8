package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.web.GuardedRequest;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.FormContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;

/**
 * The login form's post as the SPI's web side reads it ({@link GuardedRequest}), over Keycloak's flow context (or a
 * registration form's, {@link FormContext}): the client's address as Keycloak gives it
 * ({@code ClientConnection.getRemoteAddr()}, which follows its proxy settings, {@code --proxy-headers}), the token
 * from the {@code tokenHeader} header or else the form's {@code tokenField} (a field sent twice carries none), and the
 * attributes kept on the request's {@code KeycloakSession}, which lives as long as the request does.
 */
final class FlowRequest implements GuardedRequest {

    private final KeycloakSession session;
    private final HttpRequest http;
    private final UriInfo uri;
    private final ClientConnection connection;
    private final String tokenHeader;
    private final String tokenField;

    FlowRequest(AuthenticationFlowContext context, String tokenHeader, String tokenField) {
        this(context.getSession(), context.getHttpRequest(), context.getUriInfo(), context.getConnection(), tokenHeader, tokenField);
    }

    FlowRequest(FormContext context, String tokenHeader, String tokenField) {
        this(context.getSession(), context.getHttpRequest(), context.getUriInfo(), context.getConnection(), tokenHeader, tokenField);
    }

    private FlowRequest(KeycloakSession session, HttpRequest http, UriInfo uri, ClientConnection connection, String tokenHeader,
            String tokenField) {
        this.session = session;
        this.http = http;
        this.uri = uri;
        this.connection = connection;
        this.tokenHeader = tokenHeader;
        this.tokenField = tokenField;
    }

    @Override
    public Object attribute(String name) {
        return session.getAttribute(name);
    }

    @Override
    public void attribute(String name, Object value) {
        if (value == null) {
            session.removeAttribute(name);
        } else {
            session.setAttribute(name, value);
        }
    }

    @Override
    public String header(String name) {
        List<String> values = http.getHttpHeaders().getRequestHeader(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    @Override
    public String rawPath() {
        return uri.getRequestUri().getRawPath();
    }

    @Override
    public String clientAddress() {
        return connection.getRemoteAddr();
    }

    @Override
    public String token() {
        String header = header(tokenHeader);
        if (header != null && !header.isBlank()) {
            return header.contains(",") ? null : header; // a header sent twice carries none, as a field sent twice
        }
        List<String> fields = http.getDecodedFormParameters().get(tokenField);
        return fields != null && fields.size() == 1 ? fields.get(0) : null;
    }
}
