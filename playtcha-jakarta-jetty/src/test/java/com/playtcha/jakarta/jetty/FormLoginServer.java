package com.playtcha.jakarta.jetty;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.servlet.PlaytchaInitializer;
import com.playtcha.jakarta.spi.door.DoorContract.Reply;
import com.playtcha.jakarta.spi.door.DoorContract;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.FormAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.security.Credential;

/**
 * A real Jetty 12 ee10 FORM login on loopback: context {@code /app}, a constraint on {@code /secure/*},
 * a login page, an error page that prints what the guard published, a counting login service with the
 * user alice/secret, and the handler under test inserted into the context. It is the Jetty door's
 * application in the door contract ({@link DoorContract.DoorApp}), used with a browser of its own (cookies,
 * no redirects followed).
 */
final class FormLoginServer implements DoorContract.DoorApp {

    static final String USER = "alice";
    static final String PASSWORD = "secret";

    private final Server server = new Server();
    private final ServletContextHandler context = new ServletContextHandler("/app", ServletContextHandler.SESSIONS);
    private final CountingLoginService loginService = new CountingLoginService();
    private final AtomicReference<Object> hookAtContextInitialized = new AtomicReference<>();
    private final ServerConnector connector = new ServerConnector(server);
    private final CookieManager cookies = new CookieManager();

    /**
     * @param dispatch the security handler's {@code org.eclipse.jetty.security.dispatch}: show the error
     *                 page in place (true) or redirect to it (false, Jetty's default)
     * @param door     whether the handler under test is inserted
     */
    FormLoginServer(boolean dispatch, boolean door) throws Exception {
        this(dispatch, door, null);
    }

    /**
     * @param playtcha the init-params of a PlaytchaFilter mapped onto {@code /j_security_check} (REQUEST and
     *                 FORWARD), with the library's initializer, as a WAR with the library has them; null for none
     */
    FormLoginServer(boolean dispatch, boolean door, Map<String, String> playtcha) throws Exception {
        this(dispatch, door ? 1 : 0, playtcha);
    }

    /** @param doors how many of the handler under test are inserted (a user may insert it from XML and code) */
    FormLoginServer(boolean dispatch, int doors, Map<String, String> playtcha) throws Exception {
        connector.setHost("127.0.0.1");
        // As a WebAppContext has its own: Jetty makes it the thread's context class loader inside the context.
        context.setClassLoader(FormLoginServer.class.getClassLoader());
        if (playtcha != null) {
            FilterHolder filter = new FilterHolder(PlaytchaFilter.class);
            filter.setName("playtcha");
            filter.setInitParameters(playtcha);
            context.addFilter(filter, "/j_security_check", EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD));
            context.addServletContainerInitializer(new PlaytchaInitializer());
        }
        server.addConnector(connector);
        context.setSecurityHandler(security(dispatch));
        context.addServlet(new ServletHolder(new TextServlet(request -> "login page")), "/login.html");
        context.addServlet(new ServletHolder(new ErrorPageServlet()), "/login-error");
        context.addServlet(new ServletHolder(new TextServlet(request -> "user=" + request.getRemoteUser())),
                "/secure/whoami");
        context.addServlet(new ServletHolder(new TextServlet(request -> "other")), "/other");
        context.addServlet(new ServletHolder(new TextServlet(request -> "application error page: status="
                + request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE))), "/error-page");
        // The application's <error-page> for 503, as web.xml declares it.
        org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler errorPages = new org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler();
        errorPages.addErrorPage(503, "/error-page");
        context.setErrorHandler(errorPages);
        // What a web application's DefaultServlet is: a servlet for every path, j_security_check included.
        context.addServlet(new ServletHolder(new TextServlet(request -> "default")), "/");
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                hookAtContextInitialized.set(event.getServletContext().getAttribute(LoginProtocol.HOOK));
            }
        });
        for (int i = 0; i < doors; i++) {
            context.insertHandler(new PlaytchaLoginHandler());
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
    }

    private ConstraintSecurityHandler security(boolean dispatch) {
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec("/secure/*");
        mapping.setConstraint(Constraint.from("user"));
        security.addConstraintMapping(mapping);
        security.setAuthenticator(new FormAuthenticator());
        // What web.xml's <login-config> becomes in a WebAppContext.
        security.setParameter(FormAuthenticator.__FORM_LOGIN_PAGE, "/login.html");
        security.setParameter(FormAuthenticator.__FORM_ERROR_PAGE, "/login-error");
        security.setParameter(FormAuthenticator.__FORM_DISPATCH, Boolean.toString(dispatch));
        UserStore users = new UserStore();
        users.addUser(USER, Credential.getCredential(PASSWORD), new String[] {"user"});
        loginService.setUserStore(users);
        security.setLoginService(loginService);
        return security;
    }

    /** Stops and starts the context again, as a redeploy does. */
    void restartContext() throws Exception {
        context.stop();
        context.start();
    }

    void guard(Object guard) {
        context.getServletContext().setAttribute(LoginProtocol.GUARD, guard);
    }

    @Override
    public jakarta.servlet.ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public Object announcedAtStart() {
        return hookAtContextInitialized.get();
    }

    @Override
    public int passwordChecks() {
        return loginService.calls.get();
    }

    @Override
    public Reply logIn(boolean rightPassword, String... headers) throws Exception {
        send("GET", "/secure/whoami", null);
        return send("POST", "/j_security_check", "j_username=" + USER + "&j_password=" + (rightPassword ? PASSWORD : "wrong")
                + "&playtcha-token=a-token", headers);
    }

    /**
     * A new connection for every request (the browser's cookies kept): a request Jetty refuses as a bad one
     * closes its connection, and a POST sent on it meanwhile is not retried by the client.
     */
    @Override
    public Reply send(String method, String path, String form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TestSettings.WAIT).method(method,
                form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TestSettings.SLACK).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response.headers());
    }

    @Override
    public boolean loggedIn() throws Exception {
        return send("GET", "/secure/whoami", null).body().startsWith("user=");
    }

    URI uri(String pathInContext) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app" + pathInContext);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Counts every password check Jetty's FORM login asks for. */
    static final class CountingLoginService extends HashLoginService {
        final AtomicInteger calls = new AtomicInteger();

        CountingLoginService() {
            super("test");
        }

        @Override
        public UserIdentity login(String username, Object credentials, Request request,
                Function<Boolean, Session> getOrCreateSession) {
            calls.incrementAndGet();
            return super.login(username, credentials, request, getOrCreateSession);
        }
    }

    /** A page of one line of text. */
    private static final class TextServlet extends HttpServlet {
        private final transient Function<HttpServletRequest, String> text;

        TextServlet(Function<HttpServletRequest, String> text) {
            this.text = text;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print(text.apply(request));
        }
    }

    /** The form-error page: what a page shows after a refused login, read from the request attributes. */
    private static final class ErrorPageServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("error page: code=" + request.getAttribute("com.playtcha.error-code")
                    + " spent=" + request.getAttribute("com.playtcha.token-spent")
                    + " status=" + response.getStatus()
                    + " session=" + (request.getSession(false) != null));
        }
    }
}
