package com.playtcha.jakarta.undertow;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;

/**
 * Guards the container FORM login of a WildFly (Undertow) application: with this jar in the WAR's
 * {@code WEB-INF/lib}, Undertow finds it through {@code META-INF/services}; it announces the door
 * ({@value #LOGIN_HOOK} = {@value #HOOK_NAME}, {@value #LOGIN_OUTCOMES} = {@code TRUE}) and adds
 * {@link PlaytchaLoginHandler} as a security wrapper, which runs before the FORM mechanism checks the
 * password. Nothing to configure. See docs/login.md and design/web.md.
 */
public final class PlaytchaLoginExtension implements ServletExtension {

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
        deploymentInfo.addSecurityWrapper(next -> new PlaytchaLoginHandler(next, servletContext));
    }
}
