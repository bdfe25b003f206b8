package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * A real embedded Tomcat with the container's own FORM login ({@link FormAuthenticator}, a realm that
 * counts its password checks), a PlaytchaFilter mapped onto {@code /j_security_check}, and, unless left
 * out, a login hook: a valve in front of the authenticator that follows {@link LoginProtocol} to the letter
 * (the published Tomcat valve lives in its own module; this one keeps the library's tests self-contained).
 * User {@code alice}, password {@code secret}; {@code /secure/*} needs a login; the form-error page
 * {@code /login-error} writes what it saw as {@code key=value} lines.
 */
final class LoginTomcat implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "secret";

    private final Tomcat tomcat;
    private final Context context;
    private final CountingRealm realm;

    private LoginTomcat(Tomcat tomcat, Context context, CountingRealm realm) {
        this.tomcat = tomcat;
        this.context = context;
        this.realm = realm;
    }

    /** Started with the hook when {@code hook} is set; the filter with {@code initParams} on {@code pattern}. */
    static LoginTomcat start(Path baseDir, boolean hook, String pattern, Map<String, String> initParams)
            throws LifecycleException {
        return start(baseDir, hook, true, pattern, initParams);
    }

    /**
     * As {@link #start(Path, boolean, String, Map)}; {@code reportsOutcomes}: the hook reports the realm's
     * answers ({@link LoginProtocol#OUTCOME}) and says so, as a hook of this version does.
     */
    static LoginTomcat start(Path baseDir, boolean hook, boolean reportsOutcomes, String pattern, Map<String, String> initParams)
            throws LifecycleException {
        return start(baseDir, hook, reportsOutcomes, List.of(pattern), initParams);
    }

    /**
     * As {@link #start(Path, boolean, boolean, String, Map)}, with one PlaytchaFilter registration per
     * pattern ({@code playtcha}, {@code playtcha-2}, ...), all with {@code initParams}.
     */
    static LoginTomcat start(Path baseDir, boolean hook, boolean reportsOutcomes, List<String> patterns, Map<String, String> initParams)
            throws LifecycleException {
        Tomcat tomcat = EmbeddedTomcat.loopback(baseDir);
        Context context = tomcat.addContext("", baseDir.toString());
        CountingRealm realm = new CountingRealm();
        context.setRealm(realm);
        context.setLoginConfig(new LoginConfig("FORM", null, "/login.html", "/login-error"));
        context.addSecurityRole("user");
        SecurityConstraint constraint = new SecurityConstraint();
        SecurityCollection secure = new SecurityCollection();
        secure.addPattern("/secure/*");
        constraint.addCollection(secure);
        constraint.addAuthRole("user");
        context.addConstraint(constraint);
        Tomcat.addServlet(context, "page", new PageServlet());
        context.addServletMappingDecoded("/login.html", "page");
        context.addServletMappingDecoded("/login-error", "page");
        context.addServletMappingDecoded("/secure/*", "page");
        for (int i = 0; i < patterns.size(); i++) {
            String name = i == 0 ? "playtcha" : "playtcha-" + (i + 1);
            FilterDef filter = new FilterDef();
            filter.setFilterName(name);
            filter.setFilterClass(PlaytchaFilter.class.getName());
            initParams.forEach(filter::addInitParameter);
            context.addFilterDef(filter);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName(name);
            mapping.addURLPattern(patterns.get(i));
            context.addFilterMap(mapping);
        }
        context.addServletContainerInitializer(new PlaytchaInitializer(), null);
        if (hook) {
            context.getPipeline().addValve(new Hook(realm, reportsOutcomes));
        }
        // Embedded Tomcat reads no login-config: add the authenticator ContextConfig would, after the hook.
        context.getPipeline().addValve(new FormAuthenticator());
        tomcat.start();
        return new LoginTomcat(tomcat, context, realm);
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** How often the realm was asked to check a password. */
    int passwordChecks() {
        return realm.checks.get();
    }

    boolean started() {
        return context.getState() == LifecycleState.STARTED;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /**
     * A login hook as {@link LoginProtocol} describes one, in a few dozen lines of Tomcat. The realm's answer
     * is read as Tomcat leaves it: a user principal after a login, a password check without one after a
     * refusal.
     */
    static final class Hook extends ValveBase {
        private final CountingRealm realm;
        private final boolean reportsOutcomes;

        Hook(CountingRealm realm, boolean reportsOutcomes) {
            this.realm = realm;
            this.reportsOutcomes = reportsOutcomes;
        }

        @Override
        protected void startInternal() throws LifecycleException {
            ((Context) getContainer()).getServletContext().setAttribute(LoginProtocol.HOOK, "test");
            if (reportsOutcomes) {
                ((Context) getContainer()).getServletContext().setAttribute(LoginProtocol.OUTCOMES, Boolean.TRUE);
            }
            super.startInternal();
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            Object guard = request.getContext().getServletContext().getAttribute(LoginProtocol.GUARD);
            if (guard instanceof Filter filter && LoginPost.isLoginAction(request.getRequestURI())) {
                LoginConfig login = request.getContext().getLoginConfig();
                if (login != null && login.getErrorPage() != null) {
                    request.setAttribute(LoginProtocol.ERROR_PAGE, login.getErrorPage());
                }
                boolean[] goOn = {false};
                filter.doFilter(request.getRequest(), response.getResponse(), (req, res) -> goOn[0] = true);
                if (!goOn[0]) {
                    return;
                }
                int checks = realm.checks.get();
                getNext().invoke(request, response);
                if (reportsOutcomes && request.getAttribute(LoginProtocol.OUTCOME) instanceof Consumer<?> outcome) {
                    @SuppressWarnings("unchecked")
                    Consumer<Boolean> report = (Consumer<Boolean>) outcome;
                    if (request.getUserPrincipal() != null) {
                        report.accept(Boolean.TRUE);
                    } else if (realm.checks.get() > checks) {
                        report.accept(Boolean.FALSE);
                    }
                }
                return;
            }
            getNext().invoke(request, response);
        }
    }

    /**
     * From now on, every password check waits (at most 30 seconds) until the latch returned is counted
     * down: the attempts that reach the realm meanwhile are all under way at once.
     */
    CountDownLatch holdPasswordChecks() {
        realm.hold = new CountDownLatch(1);
        return realm.hold;
    }

    /** Alice's realm, counting every password check. */
    static final class CountingRealm extends RealmBase {
        final AtomicInteger checks = new AtomicInteger();
        volatile CountDownLatch hold;

        @Override
        public Principal authenticate(String username, String credentials) {
            checks.incrementAndGet();
            CountDownLatch wait = hold;
            if (wait != null) {
                try {
                    wait.await(TestSettings.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.authenticate(username, credentials);
        }

        @Override
        protected String getPassword(String username) {
            return USER.equals(username) ? PASSWORD : null;
        }

        @Override
        protected Principal getPrincipal(String username) {
            return USER.equals(username) ? new GenericPrincipal(username, List.of("user")) : null;
        }
    }

    /** The login page, the form-error page and the secured page: what each saw, as key=value lines. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            StringBuilder page = new StringBuilder();
            page.append("page=").append(request.getServletPath()).append('\n');
            page.append("user=").append(request.getRemoteUser()).append('\n');
            for (String name : List.of(PlaytchaFilter.ERROR_CODE, PlaytchaFilter.OUTCOME, PlaytchaFilter.FAILED_OPEN,
                    PlaytchaFilter.LEDGER_ID, PlaytchaFilter.TOKEN_SPENT, LoginPage.ATTRIBUTE)) {
                Object value = request.getAttribute(name);
                if (value != null) {
                    page.append(name).append('=').append(value).append('\n');
                }
            }
            if (request.getAttribute(LoginPage.EL_NAME) instanceof Map<?, ?> el) { // what EL's map resolver reads
                page.append("el.loginNeedsToken=").append(el.get("loginNeedsToken")).append('\n');
            }
            page.append("attributes=").append(Collections.list(request.getAttributeNames()).stream()
                    .map(name -> name + ":" + request.getAttribute(name)).toList()).append('\n');
            response.getWriter().write(page.toString());
        }
    }
}
