package com.playtcha.jakarta.it.app.security;

import com.playtcha.jakarta.security.PlaytchaLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The usual Soteria pattern, guarded on every path: the runtime calls the mechanism on each request
 * (it does nothing then), and {@link JsonLoginResource} calls {@code SecurityContext.authenticate} with
 * the JSON body's {@code UsernamePasswordCredential}, which the identity stores check; or with the
 * application's own {@link CodeLogin}, which this mechanism turns into that password check.
 */
@PlaytchaLogin(paths = "/*")
@ApplicationScoped
public class JsonLoginMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Credential given = context.isAuthenticationRequest() ? context.getAuthParameters().getCredential() : null;
        if (given instanceof CodeLogin code && "123456".equals(code.code())) {
            given = new UsernamePasswordCredential(code.username(), code.password());
        }
        if (!(given instanceof UsernamePasswordCredential credential)) {
            return context.doNothing();
        }
        return context.notifyContainerAboutLogin(identityStores.validate(credential));
    }
}
