package com.playtcha.jakarta.security;

import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContextWrapper;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Set;

/**
 * What a Jakarta Security runtime hands a mechanism for one request, reduced to what a mechanism
 * and the interceptor read: the request and response, whether application code called
 * {@code SecurityContext.authenticate} (here: the query string has an {@code authenticate} parameter,
 * naming the caller; the body is left for the mechanism, as a runtime leaves it), and the statuses
 * the mechanism answers with.
 */
final class MechanismCall extends HttpMessageContextWrapper {

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AuthenticationParameters parameters;

    MechanismCall(HttpServletRequest request, HttpServletResponse response) {
        this(request, response, given(request));
    }

    /** A call of application code's {@code SecurityContext.authenticate} with {@code credential} ({@code null}: the runtime's own call). */
    MechanismCall(HttpServletRequest request, HttpServletResponse response, Credential credential) {
        super(null);
        this.request = request;
        this.response = response;
        this.parameters = credential == null ? null : AuthenticationParameters.withParams().credential(credential);
    }

    private static UsernamePasswordCredential given(HttpServletRequest request) {
        String caller = null;
        for (String pair : String.valueOf(request.getQueryString()).split("&")) {
            if (pair.startsWith("authenticate=")) {
                caller = pair.substring("authenticate=".length());
            }
        }
        return caller == null ? null : new UsernamePasswordCredential(caller, "secret");
    }

    @Override
    public boolean isAuthenticationRequest() {
        return parameters != null;
    }

    @Override
    public AuthenticationParameters getAuthParameters() {
        return parameters == null ? new AuthenticationParameters() : parameters;
    }

    @Override
    public HttpServletRequest getRequest() {
        return request;
    }

    @Override
    public HttpServletResponse getResponse() {
        return response;
    }

    private Principal caller;

    @Override
    public AuthenticationStatus notifyContainerAboutLogin(String caller, Set<String> groups) {
        request.setAttribute("caller", caller);
        this.caller = () -> caller;
        return AuthenticationStatus.SUCCESS;
    }

    @Override
    public Principal getCallerPrincipal() {
        return caller;
    }

    @Override
    public AuthenticationStatus doNothing() {
        return AuthenticationStatus.NOT_DONE;
    }

    @Override
    public HttpMessageContext withRequest(HttpServletRequest replacement) {
        throw new UnsupportedOperationException();
    }
}
