package com.playtcha.jakarta.it.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http;
import com.playtcha.jakarta.it.JakartaSecurityLoginScenario;
import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import com.playtcha.jakarta.it.app.security.BuiltInForm;
import com.playtcha.jakarta.it.app.security.CountingIdentityStore;
import com.playtcha.jakarta.it.app.security.StoreCountServlet;
import com.playtcha.jakarta.it.app.security.WhoAmI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@link JakartaSecurityLoginScenario} in a real Open Liberty ({@code appSecurity-5.0}: its own
 * Jakarta Security), managed by Arquillian; and case (c), Jakarta Security's built-in FORM mechanism
 * ({@code @FormAuthenticationMechanismDefinition}, posting to {@code j_security_check}) with a
 * {@code PlaytchaFilter} on {@code /j_security_check}: on Liberty the filter runs before the
 * login processor, which is where that mechanism checks the password.
 */
class LibertyJakartaSecurityLoginIT extends JakartaSecurityLoginScenario {

    @ArquillianResource
    @OperateOnDeployment("jsec-builtin")
    URL builtInForm;

    @Deployment(name = "jsec-builtin", testable = false)
    public static WebArchive builtInFormApplication() {
        return Wars.withLibrary("jsec-builtin")
                .addClasses(BuiltInForm.class, CountingIdentityStore.class, StoreCountServlet.class, WhoAmI.class)
                .addClass("com.playtcha.jakarta.it.app.security.LoginEcho")
                .addAsWebResource(new StringAsset("<!DOCTYPE html><form method=\"post\" action=\"j_security_check\">"
                        + "<input name=\"j_username\"><input name=\"j_password\" type=\"password\"></form>\n"), "login.html")
                .addAsResource(new StringAsset("playtcha.api-url=" + Playtcha.simulator().url() + "\n"),
                        "META-INF/microprofile-config.properties")
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("playtcha", "/j_security_check", Map.of()) + """
                          <security-constraint>
                            <web-resource-collection><web-resource-name>secure</web-resource-name>
                              <url-pattern>/secure/*</url-pattern></web-resource-collection>
                            <auth-constraint><role-name>**</role-name></auth-constraint>
                          </security-constraint>
                        """)));
    }

    @Test
    void builtInForm_loginWithoutToken_isRefused_andTheIdentityStoreIsNeverAsked() throws Exception {
        int before = storeCount(builtInForm);

        HttpResponse<String> refused = post(builtInForm, "/j_security_check", "j_username=alice&j_password=secret", Http.JSON);

        assertEquals(before, storeCount(builtInForm), "the identity store was asked before the filter");
        assertEquals(403, refused.statusCode(), refused::body);
        assertTrue(refused.body().contains("\"code\":\"missing_token\""), refused::body);
    }

    @Test
    void builtInForm_validToken_reachesTheIdentityStore() throws Exception {
        int before = storeCount(builtInForm);

        HttpResponse<String> login = post(builtInForm, "/j_security_check",
                "j_username=alice&j_password=secret&playtcha-token=" + Playtcha.simulator().mintToken(), Http.HTML);

        assertTrue(login.statusCode() != 403, login::body);
        assertEquals(before + 1, storeCount(builtInForm));
    }
}
