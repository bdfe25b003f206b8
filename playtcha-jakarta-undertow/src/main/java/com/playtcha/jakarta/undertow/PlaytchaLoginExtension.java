package com.playtcha.jakarta.undertow;

import com.playtcha.jakarta.spi.door.LoginDoor;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;

/**
 * Guards the container FORM login of a WildFly (Undertow) application with Playtcha: every login post
 * ({@code j_security_check}, by Undertow's and Elytron's own rule) is handed to the application's login
 * guard before the FORM mechanism checks the password, so a post without a valid token never reaches
 * the realm.
 *
 * <p>Installing it: one dependency, packaged into the WAR's {@code WEB-INF/lib} next to playtcha-jakarta:
 * <pre>{@code
 * <dependency>
 *   <groupId>com.playtcha</groupId>
 *   <artifactId>playtcha-jakarta-undertow</artifactId>
 * </dependency>
 * }</pre>
 * Nothing to configure: Undertow finds this class through the jar's
 * {@code META-INF/services/io.undertow.servlet.ServletExtension} and calls it before the application
 * starts. It announces the door ({@code com.playtcha.jakarta.login.hook} = {@code undertow}, and that it
 * reports login outcomes) and adds {@link PlaytchaLoginHandler} as a security wrapper. The application decides,
 * not this jar: a {@code PlaytchaFilter} mapped onto {@code /j_security_check} publishes the guard; an
 * application without one is served as if the jar were not there. Without the jar, such a mapping fails
 * the deployment, naming this artifact. See docs/login.md#wildfly and design/web.md.
 */
public final class PlaytchaLoginExtension implements ServletExtension {

    /** This door, named {@code undertow} in the protocol's announcement. */
    private static final LoginDoor DOOR = new LoginDoor("undertow");

    @Override
    public void handleDeployment(DeploymentInfo deploymentInfo, ServletContext servletContext) {
        DOOR.announce(servletContext);
        deploymentInfo.addSecurityWrapper(next -> new PlaytchaLoginHandler(next, servletContext));
    }
}
