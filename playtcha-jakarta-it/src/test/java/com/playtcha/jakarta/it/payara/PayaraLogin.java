package com.playtcha.jakarta.it.payara;

import com.playtcha.jakarta.it.Playtcha;
import com.playtcha.jakarta.it.Wars;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login WAR of the Payara login IT, and a browser to log in with.
 *
 * <p>The WAR logs in by FORM ({@code /login}, form-error page {@code /login-error}, {@code /secure/*}
 * for role "user", the file realm's group "user" mapped onto it in {@code glassfish-web.xml}) and maps
 * a PlaytchaFilter onto {@code /j_security_check}: what a user of the library writes. Nothing of the
 * valve is in it: the build installs the valve in the domain as the documentation tells users to, and
 * creates the file-realm user {@value #USER}.
 */
final class PayaraLogin {

    /** The file-realm user the build creates (src/test/payara-conf). */
    static final String USER = "alice";
    static final String PASSWORD = "alice-password";
    /** A user the realm does not know, whose password checks mark the audit log (see {@link RealmAudit}). */
    static final String PROBE_USER = "playtcha-probe";

    /** The pages, the secured area and the FORM login of web.xml; the pages' class name to fill in. */
    private static final String LOGIN = """
              <servlet><servlet-name>pages</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>pages</servlet-name>
                <url-pattern>/login</url-pattern><url-pattern>/login-error</url-pattern>
                <url-pattern>/secure/*</url-pattern><url-pattern>/realm-probe</url-pattern>
              </servlet-mapping>
              <security-constraint>
                <web-resource-collection><web-resource-name>secure</web-resource-name><url-pattern>/secure/*</url-pattern></web-resource-collection>
                <auth-constraint><role-name>user</role-name></auth-constraint>
              </security-constraint>
              <login-config>
                <auth-method>FORM</auth-method>
                <form-login-config><form-login-page>/login</form-login-page><form-error-page>/login-error</form-error-page></form-login-config>
              </login-config>
              <security-role><role-name>user</role-name></security-role>
            """;

    /** glassfish-web.xml: the file realm's group "user" in the role "user". */
    private static final String ROLE_MAPPING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN" "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
              <security-role-mapping><role-name>user</role-name><group-name>user</group-name></security-role-mapping>
            </glassfish-web-app>
            """;

    private PayaraLogin() {
    }

    /** A login WAR at /{@code name}, its PlaytchaFilter configured by {@code filterParams} besides the simulator's URL and secret. */
    static WebArchive war(String name, Map<String, String> filterParams) {
        Map<String, String> params = new TreeMap<>(Map.of("api-url", Playtcha.simulator().url().toString(),
                "secret", Playtcha.simulator().secret()));
        params.putAll(filterParams);
        return Wars.withLibrary(name).addClass(PayaraLoginPages.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter("login-guard", "/j_security_check", params)
                        + LOGIN.formatted(PayaraLoginPages.class.getName()))))
                .addAsWebInfResource(new StringAsset(ROLE_MAPPING), "glassfish-web.xml");
    }

    /**
     * A WAR at /{@code name} with the same FORM login and pages but without the library: its login guard
     * is {@link StubLoginGuard}.
     */
    static WebArchive stubWar(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war").addClasses(PayaraLoginPages.class, StubLoginGuard.class)
                .setWebXML(new StringAsset(Wars.webXml("""
                          <listener><listener-class>%s</listener-class></listener>
                        """.formatted(StubLoginGuard.class.getName()) + LOGIN.formatted(PayaraLoginPages.class.getName()))))
                .addAsWebInfResource(new StringAsset(ROLE_MAPPING), "glassfish-web.xml");
    }

    /** A browser on one login WAR: keeps its cookies, follows no redirect. */
    static final class Browser {

        static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";
        static final String JSON = "application/json";

        private final URI root;
        private final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        Browser(URL application) {
            this(URI.create(application.toString().endsWith("/") ? application.toString() : application + "/"));
        }

        private Browser(URI root) {
            this.root = root;
        }

        Reply get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(root.resolve(path)).header("Accept", HTML).GET());
        }

        /**
         * A FORM login as a browser does it: asks for the secured page (Payara keeps the request in a new
         * session and shows the login page), then posts the form; {@code token} null posts none.
         */
        Reply logIn(String password, String token, String accept) throws IOException, InterruptedException {
            Reply page = get("secure/whoami");
            if (!"login".equals(page.lines().get("page"))) {
                throw new IllegalStateException("expected the login page: " + page);
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("j_username", USER);
            form.put("j_password", password);
            if (token != null) {
                form.put("playtcha-token", token);
            }
            String body = form.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(root.resolve("j_security_check")).header("Accept", accept)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** A request as written: {@code method} on {@code path}, with {@code headers} and a form {@code body} (or none). */
        Reply request(String method, String path, Map<String, String> headers, String body)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).header("Accept", HTML)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/x-www-form-urlencoded");
            }
            headers.forEach(request::header);
            return send(request);
        }

        /** The logged-in user, or null when the secured page answers with the login page. */
        String user() throws IOException, InterruptedException {
            Reply page = get("secure/whoami");
            return "whoami".equals(page.lines().get("page")) ? page.lines().get("user") : null;
        }

        /**
         * How many times Payara's realm has checked {@link #USER}'s password so far, in this domain. The
         * probe goes without this browser's cookies: a logged-in request cannot log in again.
         */
        int realmCalls() throws IOException, InterruptedException {
            Browser stranger = new Browser(root);
            return new RealmAudit().checks(USER, () -> stranger.get("realm-probe"));
        }

        private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers(), response.body());
        }
    }

    /** One answer. */
    record Reply(int status, HttpHeaders headers, String body) {

        /** The pages' {@code key=value} lines. */
        Map<String, String> lines() {
            Map<String, String> seen = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    seen.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return seen;
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** Whether the answer sets a session cookie: a login that went as far as the container's. */
        boolean setsSession() {
            return headers.allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID="));
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + "\n" + body;
        }
    }
}
