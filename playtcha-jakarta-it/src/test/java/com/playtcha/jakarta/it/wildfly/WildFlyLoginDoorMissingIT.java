package com.playtcha.jakarta.it.wildfly;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.it.wildfly.login.LoginWar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WAR that maps its PlaytchaFilter onto {@code /j_security_check} with the library alone, without
 * playtcha-jakarta-undertow: Elytron would check the password before the filter ever ran, so the
 * deployment fails, and WildFly's answer names the jar to add.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyLoginDoorMissingIT {

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "no-door", managed = false, testable = false)
    static WebArchive withoutTheDoor() {
        return LoginWar.of(Wars.withLibraryAlone("logindoormissing"), Wars.filter("playtcha", "/j_security_check", Map.of()));
    }

    @Test
    void filterOnTheLoginPost_withoutTheUndertowJar_failsTheDeployment_namingIt() {
        Exception failure = assertThrows(Exception.class, () -> deployer.deploy("no-door"),
                "deployed without playtcha-jakarta-undertow in WEB-INF/lib");
        try {
            String trace = stackTrace(failure);
            assertTrue(trace.contains("PlaytchaFilter 'playtcha' is mapped onto the login post (/j_security_check), but WildFly"),
                    trace);
            assertTrue(trace.contains("Add: the playtcha-jakarta-undertow jar to the application's WEB-INF/lib, next to "
                    + "playtcha-jakarta (the Maven dependency com.playtcha:playtcha-jakarta-undertow)"), trace);
        } finally {
            try {
                deployer.undeploy("no-door");
            } catch (RuntimeException notDeployed) {
                // Nothing was left deployed to remove.
            }
        }
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
