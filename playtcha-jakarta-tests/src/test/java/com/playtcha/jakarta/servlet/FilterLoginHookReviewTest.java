package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of issue 39, the Open Liberty hook ({@link FilterLoginHook}): it reads a login's outcome from what
 * the login left, and takes any user principal on the request for a success before it looks at the
 * redirect. A request that carries an earlier login (here Tomcat restores bob's from his session, as
 * Liberty does for an unprotected URL with its LTPA cookie) and posts wrong guesses for alice is answered
 * by the redirect to the form-error page, and yet reported a success: alice's count is cleared and the
 * client's given back on every guess, so bob guesses at alice without ever needing a token.
 *
 * <p>The harness stands in for Liberty: {@code wlp.server.name} makes the library install its filter hook,
 * and a servlet at /j_security_check answers as Liberty's FORM login does (a redirect to the form-error
 * page for a wrong password). Liberty's own behaviour for such a post is not verified here.
 */
class FilterLoginHookReviewTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    Path base;

    @Test
    void wrongGuessesFromASessionThatIsLoggedInAlready_areCountedAgainstTheAccount() throws Exception {
        Files.createDirectories(base.resolve("WEB-INF"));
        Files.writeString(base.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0"><login-config>
                <auth-method>FORM</auth-method><form-login-config><form-login-page>/login.html</form-login-page>
                <form-error-page>/login-error</form-error-page></form-login-config></login-config></web-app>""");
        Tomcat tomcat = EmbeddedTomcat.loopback(base);
        Context context = tomcat.addContext("", base.toString());
        context.setRealm(new TwoUsers());
        context.setLoginConfig(new LoginConfig("BASIC", "review", null, null));
        context.addSecurityRole("user");
        SecurityConstraint constraint = new SecurityConstraint();
        SecurityCollection secure = new SecurityCollection();
        secure.addPattern("/secure/*");
        constraint.addCollection(secure);
        constraint.addAuthRole("user");
        context.addConstraint(constraint);
        BasicAuthenticator basic = new BasicAuthenticator();
        basic.setAlwaysUseSession(true);
        context.getPipeline().addValve(basic);
        LibertyLikeLogin login = new LibertyLikeLogin();
        Tomcat.addServlet(context, "login", login);
        context.addServletMappingDecoded("/j_security_check", "login");
        Tomcat.addServlet(context, "page", new LoginTomcat.PageServlet());
        context.addServletMappingDecoded("/secure/*", "page");
        context.addServletMappingDecoded("/login-error", "page");
        context.addServletMappingDecoded("/login.html", "page");
        FilterDef filter = new FilterDef();
        filter.setFilterName("playtcha");
        filter.setFilterClass(PlaytchaFilter.class.getName());
        Map<String, String> params = EmbeddedJetty.settings(PLAYTCHA.simulator());
        params.put("login.require", "after-failures");
        params.forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("playtcha");
        mapping.addURLPattern("/j_security_check");
        context.addFilterMap(mapping);
        context.addServletContainerInitializer(new PlaytchaInitializer(), null);
        System.setProperty("wlp.server.name", "review");
        try {
            tomcat.start();
        } finally {
            System.clearProperty("wlp.server.name");
        }
        try {
            int port = tomcat.getConnector().getLocalPort();
            HttpClient stranger = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TestSettings.SLACK).build();
            for (int i = 0; i < 6; i++) {
                new Call(stranger, URI.create("http://127.0.0.1:" + port + "/j_security_check"), "POST")
                        .form("j_username", "carol", "j_password", "guess-" + i).acceptJson().send();
            }
            assertEquals(3, login.checks.getAndSet(0), "control: without an earlier login, the hook counts the guesses");

            HttpClient bob = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TestSettings.SLACK).build();
            Reply own = new Call(bob, URI.create("http://127.0.0.1:" + port + "/secure/page"), "GET").header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("bob:bobs-own".getBytes(StandardCharsets.UTF_8))).send();
            assertEquals("bob", own.echo().get("user"), "bob logged into his own account: " + own);

            Reply last = null;
            for (int i = 0; i < 6; i++) {
                last = new Call(bob, URI.create("http://127.0.0.1:" + port + "/j_security_check"), "POST")
                        .form("j_username", "alice", "j_password", "guess-" + i).acceptJson().send();
            }

            assertEquals(3, login.checks.get(), "alice's limit is 3; the last answer: " + last);
            assertTrue(last.text().contains("token_required"), last::toString);
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** What Liberty's FORM login answers: a redirect to the form-error page for a wrong password. */
    static final class LibertyLikeLogin extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final AtomicInteger checks = new AtomicInteger();

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            checks.incrementAndGet();
            boolean right = "alice".equals(request.getParameter("j_username")) && "secret".equals(request.getParameter("j_password"));
            response.sendRedirect(request.getContextPath() + (right ? "/secure/page" : "/login-error"));
        }
    }

    /** alice/secret and bob/bobs-own. */
    static final class TwoUsers extends RealmBase {
        private static final Map<String, String> PASSWORDS = Map.of("alice", "secret", "bob", "bobs-own");

        @Override
        protected String getPassword(String username) {
            return PASSWORDS.get(username);
        }

        @Override
        protected Principal getPrincipal(String username) {
            return PASSWORDS.containsKey(username) ? new GenericPrincipal(username, List.of("user")) : null;
        }
    }
}
