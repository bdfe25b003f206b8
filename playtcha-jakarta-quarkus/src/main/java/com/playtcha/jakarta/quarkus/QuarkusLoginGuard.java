package com.playtcha.jakarta.quarkus;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.LoginRenderer;
import com.playtcha.jakarta.spi.web.ObserveNote;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.spi.runtime.BlockingSecurityExecutor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Playtcha's login policy ({@code playtcha.login.require}) for Quarkus Security: every check of a user name and
 * password, whichever mechanism made it (the form login's post to {@code j_security_check}, HTTP Basic on the
 * application's or the management interface's routes, the programmatic {@code HttpSecurity} API's, an
 * application's call of the {@code IdentityProviderManager}), is decided here before any identity provider judges
 * the password, and its outcome is counted. Setting {@code playtcha.login.require} in {@code application.properties}
 * switches it on; without the key every check passes through untouched.
 *
 * <p>The guard is an identity provider of {@code UsernamePasswordAuthenticationRequest} at the highest priority,
 * so Quarkus's manager asks it first, and it is the chain: once the check is decided, it asks the application's
 * other providers of that request in the manager's order and by the manager's rules (highest {@code priority()}
 * first; a {@code null} answer asks the next; any failure ends the chain; none answering is a failed login), with the
 * manager's context, and so sees every identity and every {@code AuthenticationFailedException}. A provider's
 * identity is a password judged right; an {@code AuthenticationFailedException} one judged wrong; any other failure
 * is a store that could not answer, nothing counted (the client gets Quarkus's 500). Why not listen to Quarkus's
 * security events instead: they carry no account and are not fired for checks made outside the HTTP layer, so they
 * cannot count an account's failures (design/quarkus-login.md).
 *
 * <p>The token comes from the {@code Playtcha-Token} header or, for a form login, the form's {@code playtcha-token}
 * field (the form mechanism has read the form when the providers run; Basic reads no body, so its token comes in the
 * header). A check whose caller did not attach the request's routing context (an application's mechanism or resource
 * calling the manager by hand) is still that request's check: the guard finds the request under way itself
 * ({@link RequestsUnderWay}) and reads its token, client address and headers. Only a check that no HTTP request made
 * (a scheduled job, a thread of the application's own, a servlet {@code HttpServletRequest.login}) carries no token: it
 * is decided as a check outside requests, counted on its account, and under {@code always} refused unless
 * {@code playtcha.login.outside-requests} says the application checks passwords outside requests; one made on a Vert.x
 * thread with no request found is named in a WARNING, once for each caller. A refused check fails with an
 * {@code AuthenticationFailedException}, so the
 * mechanism answers as it answers a wrong password (the form login's error page, Basic's 401 challenge), with the
 * {@value LoginProtocol#NEEDS_TOKEN_HEADER} and {@value LoginProtocol#TOKEN_SPENT_HEADER} headers, and, for a client
 * that prefers JSON, the library's JSON envelope ({@link LoginRefusals}).
 *
 * <p>Threads: Quarkus asks providers on the request's event loop. The decision (the counts, which may live in Redis
 * or a database, and the verify) and the outcome's count run on the executor behind the manager's
 * {@code runBlocking} (Quarkus's {@code BlockingSecurityExecutor}: a worker, or in place on a thread that may block);
 * the chain goes on where that executor resumes, the request's own Vert.x context, never on the HTTP client's thread.
 */
@ApplicationScoped
public class QuarkusLoginGuard implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** Frames the WARNING of {@link #unseen()} looks past to name a caller. */
    private static final Pattern INFRASTRUCTURE = Pattern.compile(
            "(java|jdk|sun|io\\.vertx|io\\.netty|io\\.smallrye|io\\.quarkus\\.(security|arc|vertx)|com\\.playtcha\\.jakarta\\.quarkus)\\.");

    /** The guard's {@link #priority()}: above every provider Quarkus ships (they keep the default, 1001). */
    public static final int PRIORITY = Integer.MAX_VALUE;

    private static final System.Logger LOG = System.getLogger(QuarkusLoginGuard.class.getName());

    private final QuarkusGuardSettings guard;
    private final WebLogin login;
    private final PlaytchaSettings settings;
    private final ApplicationProviders providers;
    private final BlockingSecurityExecutor blocking;
    private final RequestsUnderWay requests;
    private final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);
    /** The callers already named in the WARNING for a check on a Vert.x thread with no request found. */
    private final Set<String> unseen = ConcurrentHashMap.newKeySet();

    /**
     * The guard's settings ({@link QuarkusGuardSettings}); the settings, verifier and counts of the library's CDI
     * producer; the application's other providers; Quarkus's blocking executor; the requests under way.
     */
    @Inject
    QuarkusLoginGuard(QuarkusGuardSettings guard, PlaytchaSettings settings, Instance<PlaytchaVerifier> verifier,
            LoginFailures failures, ApplicationProviders providers, BlockingSecurityExecutor blocking, RequestsUnderWay requests) {
        this.guard = guard;
        this.settings = settings;
        this.login = new WebLogin(new LoginPolicy(settings, failures),
                new WebGuard("quarkus-security", Policy.of(settings), verifier::get));
        this.providers = providers;
        this.blocking = blocking;
        this.requests = requests;
    }

    /**
     * At the application's start: builds the guard, so that a bad setting stops the start naming its key, and fixes
     * the providers it asks; what it cannot stand in front of fails the start ({@link GuardStartCheck}).
     */
    void started(@Observes StartupEvent event) {
        if (guard.on()) {
            providers.chain();
        }
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * Decides the check (on a worker), then asks the other providers and counts what they answered; a refused check
     * fails with an {@code AuthenticationFailedException} and no provider is asked.
     */
    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!guard.on()) {
            return Uni.createFrom().nullItem(); // no login policy set: the manager asks the next provider, as without the library
        }
        RoutingContext attached = HttpSecurityUtils.getRoutingContextAttribute(request);
        RoutingContext http = attached != null ? attached : requests.current();
        if (http == null && Vertx.currentContext() != null) {
            unseen();
        }
        LoginAccount account = LoginAccount.named(request.getUsername());
        char[] password = request.getPassword() == null ? null : request.getPassword().getPassword();
        return blocking.<LoginAnswer>executeBlocking(() -> decide(http, account, password)).onItem().transformToUni(answer -> {
            told(http, answer);
            if (!answer.proceeds()) {
                if (guard.lazy() && http != null && answer.refusal() != null && answer.refusal().body() != null) {
                    LoginRefusals.answerLazily(http);
                }
                return Uni.createFrom().failure(new AuthenticationFailedException(Map.of(LoginRefusals.REFUSAL, answer.refusal())));
            }
            return providers.chain().authenticate(request, context).onItemOrFailure().transformToUni((identity, failure) -> {
                if (answer.outcome() == null) {
                    return failure == null ? Uni.createFrom().item(identity) : Uni.createFrom().failure(failure);
                }
                return blocking.<SecurityIdentity>executeBlocking(() -> {
                    if (failure == null) {
                        answer.outcome().checked(true);
                    } else if (failure instanceof AuthenticationFailedException) {
                        answer.outcome().checked(false);
                    } else {
                        answer.outcome().unchecked(); // a store that could not answer judged no password
                    }
                    return identity;
                }).onItem().transformToUni(same -> failure == null ? Uni.createFrom().item(same) : Uni.createFrom().failure(failure));
            });
        });
    }

    /** The check decided, on a worker thread: on its request, or as one with no request. */
    private LoginAnswer decide(RoutingContext http, LoginAccount account, char[] password) {
        try {
            if (http == null) {
                return login.decideOutside(account);
            }
            RoutedRequest request = new RoutedRequest(http, settings.tokenHeader(), settings.tokenParameter());
            return login.decideCheck(request, account, password == null ? null : CharBuffer.wrap(password));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A WARNING, once for each caller, for a check made on a Vert.x thread with no HTTP request found: it may be an HTTP
     * login whose request the guard cannot see, decided as one outside requests. The caller is the first frame on the
     * stack outside the JDK, Vert.x, Netty, Mutiny, Quarkus Security, ArC and the guard.
     */
    private void unseen() {
        String caller = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(name -> !INFRASTRUCTURE.matcher(name).lookingAt()).findFirst()).orElse("(unknown)");
        if (unseen.size() < 100 && unseen.add(caller)) {
            LOG.log(System.Logger.Level.WARNING, "A password check on a Vert.x thread with no HTTP request the login guard can"
                    + " find [caller=" + caller + "]: decided as a check outside requests (playtcha.login.outside-requests);"
                    + " if it serves an HTTP login, attach the request: HttpSecurityUtils.setRoutingContextAttribute(request,"
                    + " routingContext) (docs/quarkus.md, \"A check with no request\")");
        }
    }

    /** {@code answer} told on the response (its headers, as {@link LoginRenderer} renders them) and, in observe mode, in the log. */
    private void told(RoutingContext http, LoginAnswer answer) {
        if (answer.observeNote() != null) {
            ObserveNote.log(answer.observeNote(), LOG, observed);
        }
        if (http != null && !http.response().headWritten()) {
            LoginRenderer.headers(answer, http.response()::putHeader);
        }
    }

    /**
     * Whether a login page shown to {@code client} (its address, as {@code RoutingContext.request().remoteAddress()}
     * gives it) should show the widget: always under {@code always}; under {@code after-failures} when the client's or
     * the application's counts ask for a token. A form login's refusal redirects to the error page, a new request, so
     * the page asks here rather than reading the refused post.
     */
    public boolean needsToken(String client) {
        return login.needsToken(null, client);
    }
}
