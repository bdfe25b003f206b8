package com.playtcha.jakarta.internal.login;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;

/**
 * Guards the container FORM login of a WildFly (Undertow) application, with nothing to configure.
 * Undertow finds this extension through {@code META-INF/services/io.undertow.servlet.ServletExtension}
 * in the library's jar and calls {@link #handleDeployment} for every application that has the jar in
 * {@code WEB-INF/lib}, before any {@code ServletContainerInitializer} or listener of the application
 * runs. It then
 * <ul>
 * <li>announces the door: the servlet-context attribute {@value #LOGIN_HOOK} = {@value #HOOK_NAME},
 *     which the library's start-up check reads (a PlaytchaFilter mapped onto
 *     {@code /j_security_check} without a door fails the deployment);</li>
 * <li>adds an outer handler-chain wrapper, {@link UndertowLoginHandler}: it runs for REQUEST
 *     dispatches inside the servlet request (servlet objects made, blocking, the application's
 *     class loader set), before the security handlers that check the password.</li>
 * </ul>
 *
 * <p>An application whose PlaytchaFilter does not name the login post publishes no guard, and the
 * handler then only costs one look at the path of each request.
 */
public final class UndertowLoginExtension implements ServletExtension {

    /** Servlet-context attribute naming the door that hands login posts to the guard. */
    static final String LOGIN_HOOK = "com.playtcha.jakarta.login.hook";
    /** What this door announces under {@link #LOGIN_HOOK}. */
    static final String HOOK_NAME = "undertow";

    @Override
    public void handleDeployment(DeploymentInfo deploymentInfo, ServletContext servletContext) {
        servletContext.setAttribute(LOGIN_HOOK, HOOK_NAME);
        deploymentInfo.addOuterHandlerChainWrapper(next -> new UndertowLoginHandler(next, servletContext));
    }
}
