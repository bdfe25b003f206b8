package com.playtcha.jakarta.internal.login;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;

/**
 * Guards the container FORM login of a WildFly (Undertow) application, with nothing to configure.
 * Undertow finds this extension through {@code META-INF/services/io.undertow.servlet.ServletExtension}
 * and calls {@link #handleDeployment} for every application that has the jar in {@code WEB-INF/lib},
 * before any {@code ServletContainerInitializer} or listener of the application runs. It announces
 * the door ({@value #LOGIN_HOOK} = {@value #HOOK_NAME}, which the library's start-up check reads, and
 * {@value #LOGIN_OUTCOMES} = {@code TRUE}: it reports how the password check ended) and
 * adds {@link UndertowLoginHandler} as a security wrapper: Undertow runs it for every REQUEST
 * dispatch inside the servlet request (servlet objects made, blocking, the application's class loader
 * set), after the security context exists and before the authentication call that makes the FORM
 * mechanism check the password.
 *
 * <p>Not an outer handler-chain wrapper, which would run before the security handlers: there a
 * refusal cannot be shown, for the forward to the form-error page passes Elytron's run-as handler,
 * which fails on a request that never got a security context (seen in {@code WildFlyLoginDoorIT}).
 */
public final class UndertowLoginExtension implements ServletExtension {

    /** Servlet-context attribute naming the door that hands login posts to the guard. */
    static final String LOGIN_HOOK = "com.playtcha.jakarta.login.hook";
    /** What this door announces under {@link #LOGIN_HOOK}. */
    static final String HOOK_NAME = "undertow";
    /** Servlet-context attribute: the door reports login outcomes (LoginHooks.OUTCOMES). */
    static final String LOGIN_OUTCOMES = "com.playtcha.jakarta.login.outcomes";

    @Override
    public void handleDeployment(DeploymentInfo deploymentInfo, ServletContext servletContext) {
        servletContext.setAttribute(LOGIN_HOOK, HOOK_NAME);
        servletContext.setAttribute(LOGIN_OUTCOMES, Boolean.TRUE);
        deploymentInfo.addSecurityWrapper(next -> new UndertowLoginHandler(next, servletContext));
    }
}
