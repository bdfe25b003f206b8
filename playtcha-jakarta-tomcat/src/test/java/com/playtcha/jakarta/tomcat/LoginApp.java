package com.playtcha.jakarta.tomcat;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.spi.door.DoorContract.Reply;
import com.playtcha.jakarta.spi.door.DoorContract;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.catalina.Authenticator;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Valve;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * An embedded Tomcat on loopback with one application at {@code /app} that logs in by FORM: login
 * page {@code /login}, form-error page {@code /login-error}, {@code /secure/*} for role "user"
 * ({@code /secure/whoami} prints the remote user), and a {@link CountingRealm}. The valves the test
 * gives go into the context's pipeline in that order, as {@code context.xml} would put them; Tomcat's
 * {@link FormAuthenticator} follows unless one of them is an authenticator, as {@code ContextConfig}
 * does. A guard, if given, is published under {@link LoginProtocol#GUARD} by an initializer, where the
 * library's own initializer publishes it; or the test configures the library itself. It is the Tomcat
 * door's application in the door contract ({@link DoorContract.DoorApp}).
 *
 * <p>Its client is a browser with cookies that does not follow redirects.
 */
final class LoginApp implements DoorContract.DoorApp {

    static final String USER = "alice";
    static final String PASSWORD = "correct horse";

    /** The request attributes the form-error page shows, as {@code key=value} lines after its first. */
    static final List<String> ERROR_PAGE_SHOWS = List.of("com.playtcha.outcome", "com.playtcha.error-code",
            "com.playtcha.token-spent");

    final CountingRealm realm;
    final Context context;
    private final Tomcat tomcat;
    private final URI root;
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TestSettings.SLACK).build();
    private volatile Object hookAtStartup;

    private LoginApp(Path base, Map<String, String> users, Filter guard, Consumer<Context> configure, Valve... valves)
            throws LifecycleException {
        realm = new CountingRealm(users);
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        context = tomcat.addContext("/app", null);
        context.setRealm(realm);
        context.setLoginConfig(new LoginConfig("FORM", null, "/login", "/login-error"));
        SecurityCollection secure = new SecurityCollection();
        secure.addPattern("/secure/*");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addCollection(secure);
        constraint.addAuthRole("user");
        context.addConstraint(constraint);
        context.addSecurityRole("user");
        boolean authenticator = false;
        for (Valve valve : valves) {
            context.getPipeline().addValve(valve);
            authenticator |= valve instanceof Authenticator;
        }
        if (!authenticator) {
            context.getPipeline().addValve(new FormAuthenticator());
        }
        context.addServletContainerInitializer((classes, servletContext) -> {
            hookAtStartup = servletContext.getAttribute(LoginProtocol.HOOK);
            if (guard != null) {
                servletContext.setAttribute(LoginProtocol.GUARD, guard);
            }
        }, null);
        servlet("login", "/login", (request, response) -> response.getWriter().print("login page"));
        servlet("login-error", "/login-error", (request, response) -> {
            StringBuilder page = new StringBuilder("login error page");
            for (String name : ERROR_PAGE_SHOWS) {
                if (request.getAttribute(name) != null) {
                    page.append('\n').append(name).append('=').append(request.getAttribute(name));
                }
            }
            response.getWriter().print(page);
        });
        servlet("whoami", "/secure/whoami", (request, response) -> response.getWriter().print("user=" + request.getRemoteUser()));
        servlet("hook", "/hook", (request, response) ->
                response.getWriter().print("hook=" + request.getServletContext().getAttribute(LoginProtocol.HOOK)));
        Tomcat.addServlet(context, "async", page((request, response) ->
                response.getWriter().print("async=" + request.isAsyncSupported()))).setAsyncSupported(true);
        context.addServletMapping("/async", "async");
        configure.accept(context);
        tomcat.start();
        root = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/");
    }

    /** The application with {@link #USER}; {@code guard} null publishes none. */
    static LoginApp start(Path base, Filter guard, Valve... valves) throws LifecycleException {
        return new LoginApp(base, Map.of(USER, PASSWORD), guard, context -> { }, valves);
    }

    /** The application with these users. */
    static LoginApp start(Path base, Map<String, String> users, Filter guard, Valve... valves) throws LifecycleException {
        return new LoginApp(base, users, guard, context -> { }, valves);
    }

    /** The application with {@link #USER}, configured further before it starts (filters, initializers). */
    static LoginApp startConfigured(Path base, Consumer<Context> configure, Valve... valves) throws LifecycleException {
        return new LoginApp(base, Map.of(USER, PASSWORD), null, configure, valves);
    }

    @Override
    public Object announcedAtStart() {
        return hookAtStartup;
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public Reply logIn(boolean rightPassword, String... headers) throws IOException, InterruptedException {
        return logIn(rightPassword ? PASSWORD : "wrong", "a-token", headers);
    }

    @Override
    public Reply send(String method, String path, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path.substring(1)))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        return send(form == null ? request : request.header("Content-Type", "application/x-www-form-urlencoded"), headers);
    }

    @Override
    public int passwordChecks() {
        return realm.calls();
    }

    @Override
    public boolean loggedIn() throws IOException, InterruptedException {
        return whoAmI().startsWith("user=");
    }

    /** Whether the answer sets a session cookie. */
    static boolean setsSession(Reply reply) {
        return reply.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID="));
    }

    Reply get(String path, String... headers) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(root + path)).GET(), headers);
    }

    /** POSTs a form (Content-Type urlencoded unless a header says otherwise). */
    Reply post(String path, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return send(request, headers);
    }

    /** POSTs an urlencoded form from another client, one without cookies: no session. */
    Reply postWithoutSession(String path, String form, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).timeout(TestSettings.WAIT);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TestSettings.SLACK).build().send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body(), response.headers());
    }

    /**
     * A browser's FORM login as {@link #USER}: asks for the secured page (Tomcat saves the request in a
     * new session and shows the login page), then posts the login form with {@code token} (none when
     * null); returns the post's answer.
     */
    Reply logIn(String password, String token, String... headers) throws IOException, InterruptedException {
        Reply page = get("secure/whoami");
        if (!page.body().equals("login page")) {
            throw new IllegalStateException("expected the login page: " + page);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("j_username", USER);
        form.put("j_password", password);
        if (token != null) {
            form.put("playtcha-token", token);
        }
        return post("j_security_check", form(form), headers);
    }

    /** Whom the session is logged in as: "user=alice", or "login page" when it is not. */
    String whoAmI() throws IOException, InterruptedException {
        return get("secure/whoami").body();
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private Reply send(HttpRequest.Builder request, String... headers) throws IOException, InterruptedException {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = browser.send(request.timeout(TestSettings.WAIT).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body(), response.headers());
    }

    private void servlet(String name, String pattern, Page page) {
        Tomcat.addServlet(context, name, page(page));
        context.addServletMapping(pattern, name);
    }

    private static HttpServlet page(Page page) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/plain;charset=UTF-8");
                page.write(request, response);
            }
        };
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /** What a page writes. */
    @FunctionalInterface
    interface Page {
        void write(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }
}
