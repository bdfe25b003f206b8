package com.playtcha.jakarta.it.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.JakartaSecurityLoginScenario;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.it.app.security.ApiLoginMechanism;
import com.playtcha.jakarta.it.app.security.RefusalPage;
import java.net.URL;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@link JakartaSecurityLoginScenario} in a real Open Liberty ({@code appSecurity-5.0}: its own
 * Jakarta Security), managed by Arquillian. Case (c) needs no door there: Liberty runs the filters
 * mapped onto {@code /j_security_check} before its login processor, which is where the built-in FORM
 * mechanism checks the password.
 *
 * <p>And an application with an {@code <error-page>} for 403: a {@code @PlaytchaLogin} refusal keeps
 * its status, a browser gets that page with the refusal's attributes, a script the envelope. (The
 * example {@code login-security-app} with such an error page got both with status 200 on Liberty;
 * docs/login.md says so. Which part of it makes the difference was not isolated; not its
 * {@code @AutoApplySession}.)
 */
class LibertyJakartaSecurityLoginIT extends JakartaSecurityLoginScenario {

    @ArquillianResource
    @OperateOnDeployment("jsec-errorpage")
    URL withErrorPage;

    @Deployment(name = "jsec-errorpage", testable = false)
    public static WebArchive ownMechanismWithAnErrorPageFor403() {
        return application("jsec-errorpage").addClasses(ApiLoginMechanism.class, RefusalPage.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.servlet("refusal", RefusalPage.class.getName(), "/refused")
                        + "  <error-page><error-code>403</error-code><location>/refused</location></error-page>\n")));
    }

    @Test
    void withAnErrorPageFor403_aBrowsersRefusal_showsThatPage_with403_andTheStoreIsNotAsked() throws Exception {
        int before = storeCount(withErrorPage);

        HttpResponse<String> refused = post(withErrorPage, "/api/login", credentials("alice", "secret", null), Http.HTML);

        assertEquals(403, refused.statusCode(), refused::body);
        assertEquals("error page: code=missing_token", refused.body());
        assertEquals(before, storeCount(withErrorPage), "the identity store was asked");
    }

    @Test
    void withAnErrorPageFor403_aScriptsRefusal_isTheEnvelope_with403() throws Exception {
        int before = storeCount(withErrorPage);

        HttpResponse<String> refused = post(withErrorPage, "/api/login", credentials("alice", "secret", null), Http.JSON);

        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
        assertEquals("false", refused.headers().firstValue("Playtcha-Token-Spent").orElse(null), refused::toString);
        assertEquals(before, storeCount(withErrorPage), "the identity store was asked");
    }
}
