package com.playtcha.jakarta.it.tomcat;

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
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The login WAR of the Tomcat login ITs, and a browser to log in with.
 *
 * <p>The WAR logs in by FORM ({@code /login}, form-error page {@code /login-error}, {@code /secure/*}
 * for role "user") against {@link TomcatLoginRealm}, and maps a PlaytchaFilter onto
 * {@code /j_security_check}: what a user of the library writes. Its {@code META-INF/context.xml}
 * declares the realm and, unless told otherwise, the {@code PlaytchaLoginValve}; both classes are in
 * Tomcat's {@code lib/}, put there by the build, as the documentation tells users to.
 */
final class TomcatLogin {

    static final String VALVE = "<Valve className=\"com.playtcha.jakarta.tomcat.PlaytchaLoginValve\"/>";

    private TomcatLogin() {
    }

    /** A login WAR at /{@code name}; {@code valve} false leaves the valve out of its context.xml. */
    static WebArchive war(String name, String filterName, boolean valve, Map<String, String> filterParams) {
        Map<String, String> params = new TreeMap<>(Map.of("api-url", Playtcha.simulator().url().toString(),
                "secret", Playtcha.simulator().secret()));
        params.putAll(filterParams);
        return Wars.withLibrary(name).addClass(TomcatLoginPages.class)
                .setWebXML(new StringAsset(Wars.webXml(Wars.filter(filterName, "/j_security_check", params) + """
                          <servlet><servlet-name>pages</servlet-name><servlet-class>%s</servlet-class></servlet>
                          <servlet-mapping><servlet-name>pages</servlet-name>
                            <url-pattern>/login</url-pattern><url-pattern>/login-error</url-pattern>
                            <url-pattern>/secure/*</url-pattern><url-pattern>/realm-calls</url-pattern>
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
                        """.formatted(TomcatLoginPages.class.getName()))))
                .addAsManifestResource(new StringAsset("<Context>\n" + (valve ? "  " + VALVE + "\n" : "")
                        + "  <Realm className=\"" + TomcatLoginRealm.class.getName() + "\"/>\n</Context>\n"), "context.xml");
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
            String base = application.toString();
            root = URI.create(base.endsWith("/") ? base : base + "/");
        }

        Reply get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(root.resolve(path)).header("Accept", HTML).GET());
        }

        /**
         * A FORM login as a browser does it: asks for the secured page (Tomcat keeps the request in a new
         * session and shows the login page), then posts the form; {@code token} null posts none.
         */
        Reply logIn(String password, String token, String accept) throws IOException, InterruptedException {
            Reply page = get("secure/whoami");
            if (!"login".equals(page.lines().get("page"))) {
                throw new IllegalStateException("expected the login page: " + page);
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("j_username", TomcatLoginRealm.USER);
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

        /** The logged-in user, or null when the secured page answers with the login page. */
        String user() throws IOException, InterruptedException {
            Reply page = get("secure/whoami");
            return "whoami".equals(page.lines().get("page")) ? page.lines().get("user") : null;
        }

        /** How many passwords the realm has checked so far, in this Tomcat. */
        int realmCalls() throws IOException, InterruptedException {
            return Integer.parseInt(get("realm-calls").lines().get("calls"));
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
