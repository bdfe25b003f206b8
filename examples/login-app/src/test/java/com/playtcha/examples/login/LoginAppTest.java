package com.playtcha.examples.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.io.File;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.WebResourceRoot;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.DirResourceSet;
import org.apache.catalina.webresources.StandardRoot;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example as a Tomcat user runs it: the WAR's directory deployed with its own web.xml and
 * META-INF/context.xml, the login valve on Tomcat's class path (as in $CATALINA_BASE/lib), the secret
 * and Playtcha's address as system properties, and a realm that counts its password checks. The
 * policy is the example's: a token only after failures (3 of an account).
 */
class LoginAppTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    Path base;

    private Tomcat tomcat;
    private final CountingRealm realm = new CountingRealm();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private void start() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        System.setProperty("playtcha.secret", sim.secret());
        System.setProperty("playtcha.api-url", sim.url().toString());
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context app = tomcat.addWebapp("", new File("src/main/webapp").getAbsolutePath());
        WebResourceRoot resources = new StandardRoot(app);
        resources.addPreResources(new DirResourceSet(resources, "/WEB-INF/classes",
                new File("target/classes").getAbsolutePath(), "/"));
        app.setResources(resources);
        ((StandardJarScanner) app.getJarScanner()).setScanClassPath(false);
        app.setRealm(realm);
        tomcat.start();
        get("/account"); // a visitor first asks for the page behind the login; Tomcat keeps that request
    }

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        System.clearProperty("playtcha.secret");
        System.clearProperty("playtcha.api-url");
    }

    @Test
    void beforeAnyFailure_thePageShowsNoWidget_andALoginWithoutATokenReachesTheRealm() throws Exception {
        start();
        assertFalse(get("/account").body().contains("playtcha-token"), "the login page, without the widget");

        HttpResponse<String> reply = login(CountingRealm.PASSWORD, null);

        assertEquals(3, reply.statusCode() / 100, reply::body);
        assertTrue(get("/account").body().contains("<b id=\"user\">alice</b>"));
        assertEquals(1, realm.checks.get());
    }

    @Test
    void afterThreeWrongPasswords_aLoginWithoutAToken_isRefusedTokenRequired_andThePageShowsTheWidget() throws Exception {
        start();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> failed = login("wrong", null);
            assertTrue(failed.body().contains("Wrong user name or password."), failed::body);
        }

        HttpResponse<String> reply = login(CountingRealm.PASSWORD, null);

        assertEquals(403, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("data-code=\"token_required\""), reply::body);
        assertTrue(reply.body().contains("name=\"playtcha-token\""), () -> "the widget: " + reply.body());
        assertEquals("true", reply.headers().firstValue("Playtcha-Login-Needs-Token").orElse(null));
        assertEquals(3, realm.checks.get(), "the realm is not asked");
    }

    @Test
    void aValidToken_logsIn_whenOneIsNeeded() throws Exception {
        start();
        failThreeTimes();

        HttpResponse<String> reply = login(CountingRealm.PASSWORD, PLAYTCHA.simulator().mintToken());

        assertEquals(3, reply.statusCode() / 100, reply::body);
        assertTrue(get("/account").body().contains("<b id=\"user\">alice</b>"));
        assertEquals(4, realm.checks.get());
    }

    @Test
    void aWrongPasswordWithAToken_saysSo_andTheWidgetIsReset() throws Exception {
        start();
        failThreeTimes();

        HttpResponse<String> reply = login("wrong", PLAYTCHA.simulator().mintToken());

        assertTrue(reply.body().contains("Wrong user name or password."), reply::body);
        assertTrue(reply.body().contains("data-reset-widget=\"true\""), reply::body);
        assertEquals(4, realm.checks.get());
    }

    @Test
    void anOutage_closesTheLogin_whenATokenIsNeeded() throws Exception {
        start();
        failThreeTimes();
        PLAYTCHA.simulator().inject(Fault.serverError(503, "unavailable"));

        HttpResponse<String> reply = login(CountingRealm.PASSWORD, PLAYTCHA.simulator().mintToken());

        assertEquals(503, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("not possible right now"), reply::body);
        assertEquals(3, realm.checks.get());
    }

    /** Three wrong passwords for alice: her next attempt needs a token. */
    private void failThreeTimes() throws Exception {
        for (int i = 0; i < 3; i++) {
            login("wrong", null);
        }
        assertEquals(3, realm.checks.get());
    }

    /** A login as a browser makes it: the page behind the login (the container shows the form), then the post. */
    private HttpResponse<String> login(String password, String token) throws Exception {
        get("/account");
        StringBuilder form = new StringBuilder("j_username=alice&j_password=")
                .append(URLEncoder.encode(password, StandardCharsets.UTF_8));
        if (token != null) {
            form.append("&playtcha-token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
        return browser.send(HttpRequest.newBuilder(uri("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
    }

    /** Alice, password {@code secret}, role {@code member}: counting every password check. */
    static final class CountingRealm extends RealmBase {
        static final String PASSWORD = "secret";
        private static final Map<String, String> USERS = new HashMap<>(Map.of("alice", PASSWORD));
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public Principal authenticate(String username, String credentials) {
            checks.incrementAndGet();
            return super.authenticate(username, credentials);
        }

        @Override
        protected String getPassword(String username) {
            return USERS.get(username);
        }

        @Override
        protected Principal getPrincipal(String username) {
            return USERS.containsKey(username) ? new GenericPrincipal(username, List.of("member")) : null;
        }
    }
}
