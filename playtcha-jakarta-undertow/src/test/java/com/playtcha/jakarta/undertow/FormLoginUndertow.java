package com.playtcha.jakarta.undertow;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.servlet.PlaytchaInitializer;
import com.playtcha.jakarta.spi.door.DoorContract;
import com.playtcha.jakarta.spi.door.DoorContract.Reply;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.LoginConfig;
import io.undertow.servlet.api.SecurityConstraint;
import io.undertow.servlet.api.ServletContainer;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.WebResourceCollection;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A real Undertow (the version WildFly 39 ships) on an ephemeral port of 127.0.0.1 with one
 * application at {@code /app} that logs in with Undertow's own container FORM login:
 * {@code <login-config>} FORM with {@code /login.html} and {@code /login-error}, a constraint on
 * {@code /secure/*} for role {@code user}, {@link CountingIdentityManager} as the realm, and
 * {@code /secure/whoami} answering the remote user. Any other path answers {@code echo} and the method.
 *
 * <p>The login door is not added by the test: Undertow finds it the way WildFly does, through
 * {@code META-INF/services/io.undertow.servlet.ServletExtension} on the application's class loader.
 * {@code prepare} may put attributes into the servlet context before the application starts, as
 * the library's initializer does with the login guard. It is the Undertow door's application in the door
 * contract ({@link DoorContract.DoorApp}), used with a browser of its own.
 */
final class FormLoginUndertow implements DoorContract.DoorApp {

    static final String CONTEXT_PATH = "/app";

    private final Undertow server;
    private final DeploymentManager manager;
    private final CountingIdentityManager realm;
    private final Object hookSeenAtStartup;
    private final Browser browser = new Browser();

    private FormLoginUndertow(Undertow server, DeploymentManager manager, CountingIdentityManager realm,
            Object hookSeenAtStartup) {
        this.server = server;
        this.manager = manager;
        this.realm = realm;
        this.hookSeenAtStartup = hookSeenAtStartup;
    }

    /** The application with {@code guard} published as the login guard ({@code null}: none). */
    static FormLoginUndertow guardedBy(Filter guard) throws Exception {
        return start(context -> {
            if (guard != null) {
                context.setAttribute(LoginProtocol.GUARD, guard);
            }
        });
    }

    /**
     * The application as a user writes it: a {@code PlaytchaFilter} with {@code initParams} mapped
     * onto {@code /j_security_check}, and the library's {@code PlaytchaInitializer} (which a real
     * deployment finds through the jar's {@code META-INF/services}), which publishes the login guard.
     */
    static FormLoginUndertow withPlaytchaFilter(Map<String, String> initParams) throws Exception {
        return start(context -> { }, app -> withFilter(app, initParams));
    }

    /**
     * The same application deployed without this jar: its class loader hides the door's service file,
     * as a WAR without playtcha-jakarta-undertow in WEB-INF/lib would.
     */
    static FormLoginUndertow withPlaytchaFilterAndNoDoor(Map<String, String> initParams) throws Exception {
        ClassLoader withoutTheDoor = new ClassLoader(FormLoginUndertow.class.getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.equals("META-INF/services/" + ServletExtension.class.getName())
                        ? Collections.emptyEnumeration() : super.getResources(name);
            }
        };
        return start(context -> { }, app -> withFilter(app, initParams).setClassLoader(withoutTheDoor));
    }

    private static DeploymentInfo withFilter(DeploymentInfo app, Map<String, String> initParams) {
        FilterInfo filter = Servlets.filter("playtcha", PlaytchaFilter.class);
        initParams.forEach(filter::addInitParam);
        return app.addFilter(filter).addFilterUrlMapping("playtcha", "/j_security_check", DispatcherType.REQUEST)
                .addServletContainerInitializer(new ServletContainerInitializerInfo(PlaytchaInitializer.class, Set.of()));
    }

    /** The application, with {@code prepare} run by an initializer when it starts. */
    static FormLoginUndertow start(Consumer<ServletContext> prepare) throws Exception {
        return start(prepare, app -> { });
    }

    private static FormLoginUndertow start(Consumer<ServletContext> prepare, Consumer<DeploymentInfo> more) throws Exception {
        CountingIdentityManager realm = new CountingIdentityManager();
        Object[] hook = new Object[1];
        ServletContainerInitializer initializer = (classes, context) -> {
            hook[0] = context.getAttribute(LoginProtocol.HOOK);
            prepare.accept(context);
        };
        DeploymentInfo app = Servlets.deployment()
                .setClassLoader(FormLoginUndertow.class.getClassLoader())
                .setContextPath(CONTEXT_PATH)
                .setDeploymentName("login.war")
                .setLoginConfig(new LoginConfig("FORM", "test", "/login.html", "/login-error"))
                .setIdentityManager(realm)
                .addSecurityConstraint(new SecurityConstraint().addRoleAllowed("user")
                        .addWebResourceCollection(new WebResourceCollection().addUrlPattern("/secure/*")))
                .addSecurityRole("user")
                .addServletContainerInitializer(new ServletContainerInitializerInfo(
                        ServletContainerInitializer.class, new ImmediateInstanceFactory<>(initializer), Set.of()))
                .addServlets(
                        Servlets.servlet("whoami", Text.class, new ImmediateInstanceFactory<>(
                                new Text(request -> "user=" + request.getRemoteUser()))).addMapping("/secure/whoami"),
                        Servlets.servlet("login-page", Text.class, new ImmediateInstanceFactory<>(
                                new Text(request -> "login page"))).addMapping("/login.html"),
                        Servlets.servlet("login-error", Text.class, new ImmediateInstanceFactory<>(
                                new Text(FormLoginUndertow::loginFailed))).addMapping("/login-error"),
                        Servlets.servlet("echo", Text.class, new ImmediateInstanceFactory<>(
                                new Text(request -> "echo " + request.getMethod()))).addMapping("/"));
        more.accept(app);
        ServletContainer container = ServletContainer.Factory.newInstance();
        DeploymentManager manager = container.addDeployment(app);
        // On the application's class loader, as WildFly deploys: Undertow also looks for extensions there.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(app.getClassLoader());
        try {
            manager.deploy();
        } finally {
            thread.setContextClassLoader(before);
        }
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath(CONTEXT_PATH, manager.start())).build();
        server.start();
        return new FormLoginUndertow(server, manager, realm, hook[0]);
    }

    /**
     * The form-error page: {@code login failed}, then the decision's code and whether the token is
     * spent, when the login guard refused the post (a wrong password sets neither).
     */
    private static String loginFailed(HttpServletRequest request) {
        Object code = request.getAttribute("com.playtcha.error-code");
        Object spent = request.getAttribute("com.playtcha.token-spent");
        return "login failed" + (code == null ? "" : " code=" + code) + (spent == null ? "" : " spent=" + spent);
    }

    URI uri(String pathInApplication) {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("http://127.0.0.1:" + address.getPort() + CONTEXT_PATH + pathInApplication);
    }

    @Override
    public int passwordChecks() {
        return realm.passwordChecks();
    }

    @Override
    public Object announcedAtStart() {
        return hookSeenAtStartup;
    }

    @Override
    public ServletContext servletContext() {
        return manager.getDeployment().getServletContext();
    }

    @Override
    public Reply logIn(boolean rightPassword, String... headers) throws Exception {
        browser.get(uri("/secure/whoami"));
        String password = rightPassword ? CountingIdentityManager.PASSWORD : "wrong";
        return send("POST", "/j_security_check", "j_username=" + CountingIdentityManager.USER + "&j_password=" + password
                + "&playtcha-token=a-token", headers);
    }

    @Override
    public Reply send(String method, String path, String form, String... headers) throws Exception {
        HttpResponse<String> response = browser.request(method, uri(path), form, headers);
        return new Reply(response.statusCode(), response.body(), response.headers());
    }

    @Override
    public boolean loggedIn() throws Exception {
        return browser.get(uri("/secure/whoami")).body().startsWith("user=");
    }

    @Override
    public void close() throws Exception {
        server.stop();
        manager.stop();
        manager.undeploy();
    }

    /** A servlet answering one line of text. */
    static final class Text extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** What to answer for a request. */
        interface Answer extends java.io.Serializable {
            String to(HttpServletRequest request);
        }

        private final Answer answer;

        Text(Answer answer) {
            this.answer = answer;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write(answer.to(request));
        }
    }
}
