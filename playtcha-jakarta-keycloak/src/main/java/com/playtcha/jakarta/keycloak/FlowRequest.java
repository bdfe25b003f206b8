package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.web.GuardedRequest;
import java.util.List;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;

/**
 * The login form's post as the SPI's web side reads it ({@link GuardedRequest}), over Keycloak's flow context: the
 * client's address as Keycloak gives it ({@code ClientConnection.getRemoteAddr()}, which follows its proxy settings,
 * {@code --proxy-headers}), the token from the {@code tokenHeader} header or else the form's {@code tokenField} (a field
 * sent twice carries none), and the attributes kept on the request's {@code KeycloakSession}, which lives as long as
 * the request does.
 */
final class FlowRequest implements GuardedRequest {

    private final AuthenticationFlowContext context;
    private final KeycloakSession session;
    private final String tokenHeader;
    private final String tokenField;

    FlowRequest(AuthenticationFlowContext context, String tokenHeader, String tokenField) {
        this.context = context;
        this.session = context.getSession();
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
        List<String> values = context.getHttpRequest().getHttpHeaders().getRequestHeader(name);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    @Override
    public String rawPath() {
        return context.getUriInfo().getRequestUri().getRawPath();
    }

    @Override
    public String clientAddress() {
        return context.getConnection().getRemoteAddr();
    }

    @Override
    public String token() {
        String header = header(tokenHeader);
        if (header != null) {
            return header;
        }
        List<String> fields = context.getHttpRequest().getDecodedFormParameters().get(tokenField);
        return fields != null && fields.size() == 1 ? fields.get(0) : null;
    }
}
