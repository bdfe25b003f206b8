package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.config.SettingsLoader;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.servlet.multipart.MultipartPrefix.Unread;
import com.playtcha.jakarta.spi.VerifierAndCounts;
import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.ObserveNote;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.servlet.ServletRejection;
import com.playtcha.jakarta.spi.web.WebDecision;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Guards form posts with Playtcha: a request to a mapped URL with a guarded method must carry a
 * token that Playtcha verifies, or it is blocked before it reaches the application.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>playtcha</filter-name>
 *   <filter-class>com.playtcha.jakarta.servlet.PlaytchaFilter</filter-class>
 *   <!-- the secret from PLAYTCHA_SECRET in the environment -->
 *   <init-param><param-name>fail-closed</param-name><param-value>true</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>playtcha</filter-name>
 *   <url-pattern>/payment/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <p>Every init-param is a {@link Setting} without its {@code playtcha.} prefix ({@code secret},
 * {@code fail-closed}, {@code mode}, {@code timeout}, {@code methods}, ...: docs/configuration.md
 * lists them and their precedence). A missing secret, an unknown init-param or a bad value fails
 * deployment with a {@link ServletException} naming the filter and the key. {@code playtcha.url-patterns}
 * registers this filter without web.xml; where a framework offers its configuration
 * ({@link PlaytchaSettings#CONFIGURATION_ATTRIBUTE}), the filter reads it after its init-params.
 *
 * <p>A guarded request's token, from the {@code token-header} header or else the {@code token-parameter}
 * form field (urlencoded or multipart), is decided once by {@link PlaytchaVerifier#verify(String, String,
 * String, Policy)} under this filter's policy (its {@link PlaytchaListener}s hear it; a verifier the
 * application offers in {@link PlaytchaVerifier#APPLICATION_ATTRIBUTE} is used), and the outcome published
 * as the request attributes {@link DecisionAttributes} lists ({@value #RESULT}, {@value #OUTCOME},
 * {@value #FAILED_OPEN}, {@value #LEDGER_ID}, {@value #TOKEN_SPENT}, ...). A blocked request gets
 * {@code {"error": {...}}} when the client prefers JSON, otherwise {@code sendError}. Mapped onto a FORM
 * login's post ({@code /j_security_check}), the filter guards the login ({@link LoginProtocol}).
 *
 * <p><b>Warning:</b> the filter only guards what it is mapped to. Map it to the URLs that accept
 * the form post, not the ones that show the form, and keep {@code methods} covering every method
 * those URLs accept. Behind a proxy, tell the container to take the client's address from the proxy's
 * header: the client budget is spent by {@code getRemoteAddr()}, and the filter never reads the header.
 *
 * <p>The manual: docs/behaviour.md ("The filter": dispatches, several filters), docs/login.md, docs/outages-and-ledger.md.
 */
public class PlaytchaFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    public static final String RESULT = DecisionAttributes.RESULT;
    public static final String OUTCOME = DecisionAttributes.OUTCOME;
    public static final String DEGRADED = DecisionAttributes.DEGRADED;
    public static final String FAILED_OPEN = DecisionAttributes.FAILED_OPEN;
    public static final String ERROR_CODE = DecisionAttributes.ERROR_CODE;
    public static final String REQUEST_ID = DecisionAttributes.REQUEST_ID;
    /**
     * The {@link LedgerEntry#id() ledger id} of a request that failed open; absent otherwise. Store
     * it with what the request creates, to find that again when its {@link Reconciliation} arrives.
     */
    public static final String LEDGER_ID = DecisionAttributes.LEDGER_ID;
    public static final String TOKEN_SPENT = DecisionAttributes.TOKEN_SPENT;

    private static final System.Logger LOG = System.getLogger(PlaytchaFilter.class.getName());

    private transient PlaytchaSettings settings;
    /** This filter's mode, fail mode and reject status: applied to the verifier's result, shared or not. */
    private transient Policy policy;
    /** The verifier this filter uses and the login counts beside it: the application's, or the registry's. */
    private transient VerifierAndCounts held;
    private transient boolean sharedVerifier;
    /** Reuses or verifies, publishes the attributes, says the answer: the part every web filter shares. */
    private transient WebGuard guard;
    /** A login post's attempt, under {@code playtcha.login.require}, verified through {@link #guard}. */
    private transient WebLogin login;
    /** The application's FORM login from its web.xml, read when the filter first meets a login post. */
    private transient volatile FormLoginConfig loginConfig;
    /** The lines any client writes at will: observe notes, blocked includes, bodies; each at most once per 10 s. */
    private transient LogThrottle observed;
    private transient LogThrottle includes;
    private transient ToLongFunction<Unread> bodies;

    @Override
    public void init() throws ServletException {
        FilterConfig config = getFilterConfig();
        Map<String, String> initParams = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            initParams.put(name, config.getInitParameter(name));
        }
        settings = load(config.getFilterName(), initParams, getServletContext());
        PlaytchaInitializer.requireRan(getServletContext(), config.getFilterName());
        policy = Policy.of(settings);
        held = SharedVerifiers.offered(getServletContext(), config.getFilterName(), initParams);
        sharedVerifier = held == null;
        if (sharedVerifier) {
            try {
                held = SharedVerifiers.of(getServletContext()).acquire(settings);
            } catch (InvalidSettingException e) { // a store that refuses this node: said where the server's own log shows it
                LOG.log(Level.ERROR, "PlaytchaFilter [{0}] cannot start: {1}", config.getFilterName(), e.getMessage());
                throw new ServletException("PlaytchaFilter '" + config.getFilterName() + "': " + e.getMessage(), e);
            }
        }
        PlaytchaVerifier verifier = held.verifier();
        guard = new WebGuard(config.getFilterName(), policy, () -> verifier);
        login = new WebLogin(new LoginPolicy(settings, held.loginFailures()), guard);
        observed = new LogThrottle(10, TimeUnit.SECONDS);
        includes = new LogThrottle(10, TimeUnit.SECONDS);
        bodies = ServletGuardedRequest.lines();
        if (sharedVerifier) {
            LOG.log(Level.INFO, "PlaytchaFilter [{0}] guards {1} requests [{2}]", config.getFilterName(),
                    new TreeSet<>(settings.methods()), settings);
        } else { // the verifier settings in this filter's settings are not the ones in use: say whose are
            LOG.log(Level.INFO, "PlaytchaFilter [{0}] guards {1} requests with the application''s verifier {2} "
                    + "[mode={3}, failMode={4}, rejectStatus={5}]", config.getFilterName(), new TreeSet<>(settings.methods()),
                    held.verifier(), settings.mode(), settings.failMode(), String.valueOf(settings.rejectStatus()));
        }
    }

    /**
     * The settings of the PlaytchaFilter named {@code filterName} from its init-params and the
     * application's configuration, as {@link #init()} loads them and {@link PlaytchaInitializer}
     * checks them at start-up: a {@link ServletException} names the filter and the key at fault.
     */
    static PlaytchaSettings load(String filterName, Map<String, String> initParams, ServletContext context)
            throws ServletException {
        try {
            return SettingsLoader.forApplication(context.getClassLoader(),
                    context.getAttribute(PlaytchaSettings.CONFIGURATION_ATTRIBUTE)).load(initParams);
        } catch (InvalidSettingException e) {
            String message = e.getMessage() + (e.setting() == Setting.SECRET ? "; or this filter's secret init-param" : "");
            LOG.log(Level.ERROR, "PlaytchaFilter [{0}] is misconfigured: {1}", filterName, message);
            throw new ServletException("PlaytchaFilter '" + filterName + "': " + message, e);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        DispatcherType dispatch = request.getDispatcherType();
        // A login post that reaches a filter at all (Open Liberty runs filters before its FORM login) is
        // guarded whatever its method, as the login guard guards it: a container checks a password sent
        // by GET as readily, and methods are for the pages that show a form.
        boolean login = dispatch == DispatcherType.REQUEST && LoginPost.isLoginAction(request.getRequestURI());
        if (dispatch == DispatcherType.ERROR || !(login || settings.guards(request.getMethod()))) {
            // An error page renders a failure that has already happened: verifying there would spend
            // the user's single-use token, or hide the application's error behind a 403.
            chain.doFilter(request, response);
            return;
        }
        if (login) {
            loginPost(request, response, chain);
            return;
        }
        ServletGuardedRequest guarded = new ServletGuardedRequest(request, settings, bodies);
        WebDecision decided = guard.decide(guarded);
        ObserveNote.log(decided.observeNote(), LOG, observed);
        if (decided.proceeds()) {
            chain.doFilter(guarded.continued(), response);
        } else if (dispatch == DispatcherType.INCLUDE) {
            // Not running the included resource is the block: see the class documentation.
            long since = includes.count(System.nanoTime());
            LOG.log(since > 0 ? Level.INFO : Level.DEBUG, "PlaytchaFilter [{0}] blocked an include: the included resource "
                    + "was not run [status={1}, code={2}, request_id={3}, uri={4}{5}]", getFilterName(),
                    String.valueOf(decided.decision().status()), decided.result().errorCode(), decided.result().requestId(),
                    decided.path(), since > 0 ? ", count=" + since : "");
        } else {
            ServletRejection.write(response, decided.rejection());
        }
    }

    /**
     * A login post, answered as the login guard answers it: under {@code playtcha.login.require}, on the
     * form-error page, saying whether the token is spent and whether this attempt needed one; its
     * outcome read once the login has run. One the login guard let go on without a token goes on, and so
     * does one that reaches the filter logged in behind a door ({@link LoginProtocol#HOOK}): the container's
     * login ran first and let it through on the login it already had, checking no password, so it is no
     * attempt to count.
     */
    private void loginPost(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ((request.getAttribute(LoginPage.ATTRIBUTE) != null && request.getAttribute(RESULT) == null)
                || (request.getUserPrincipal() != null && getServletContext().getAttribute(LoginProtocol.HOOK) != null)) {
            chain.doFilter(request, response);
            return;
        }
        ServletGuardedRequest guarded = new ServletGuardedRequest(request, settings, bodies);
        LoginAnswer answer = login.decide(guarded, guarded.account());
        ObserveNote.log(answer.observeNote(), LOG, observed);
        if (FormLoginAnswer.goesOn(guarded.continued(), response, answer, loginConfig().errorPage())) {
            boolean loggedIn = request.getUserPrincipal() != null;
            chain.doFilter(guarded.continued(), response);
            FilterLoginHook.report(request, response, loginConfig(), loggedIn);
        }
    }


    /** The application's FORM login from its web.xml: read once, on the first login post. */
    private FormLoginConfig loginConfig() {
        FormLoginConfig config = loginConfig;
        if (config == null) {
            config = FormLoginConfig.of(getServletContext());
            loginConfig = config;
        }
        return config;
    }

    /** This filter's settings, as loaded at init. */
    public PlaytchaSettings settings() {
        return settings;
    }

    /** Closes the verifier if this was the last filter using it; never one the application offered. */
    @Override
    public void destroy() {
        if (held != null && sharedVerifier) {
            SharedVerifiers.of(getServletContext()).release(held);
        }
        held = null;
    }

    @Override
    public String toString() {
        return "PlaytchaFilter[" + settings + "]";
    }
}
