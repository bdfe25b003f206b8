package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.ObserveNote;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.web.WebLogin;
import com.playtcha.jakarta.spring.webflux.ExchangeLoop;
import com.playtcha.jakarta.spring.webflux.GuardedExchange;
import com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * Where the reactive guard decides a password check, for every part it holds: a guarded
 * {@code ReactiveAuthenticationManager} subscribed with a password token ({@link PasswordToken}) decides it before the
 * manager runs, unless a check already runs where it was subscribed ({@link ReactiveFrame}) or Spring's login filter
 * that read those very credentials decided them up front ({@link PasswordLogin}), whose answer it then takes. The request is the
 * exchange the guard's filter put into the Reactor {@code Context} ({@link ReactiveLoginExchange}); with none the check
 * is one outside any request ({@code playtcha.login.outside-requests}). The core's login policy decides
 * ({@link ExchangeDecision}: the token verified by the verifier's non-blocking verify), one check of an exchange at a
 * time, as one thread runs a servlet request's; the answer is told on the exchange (the {@code Playtcha-Token-Spent}
 * and {@code Playtcha-Login-Needs-Token} headers, the attribute {@code com.playtcha.login-needs-token}, and, in a session
 * already started, that the last login needed a token) and a refusal is a {@link PlaytchaLoginException}. The counts
 * are asked on threads of their own when they may block (a shared store: {@code playtcha.client-budget.cache}, a
 * ledger database or Redis), at most {@code playtcha.max-connections} at once and as many waiting, never on an event
 * loop, and their answer goes on on the exchange's own event loop ({@link ExchangeLoop}); past those, a check needs a
 * token, as on a store too slow to answer (one WARNING a minute says so); with the in-memory counts, where the check
 * is. The token comes from the {@code Playtcha-Token} header or the
 * {@code playtcha-token} field of an urlencoded form, never a query string, a JSON or multipart body.
 */
final class ReactiveChecks {

    private static final System.Logger LOG = System.getLogger(ReactivePlaytchaLoginGuard.class.getName());
    /**
     * The counts a decision asks when the shared store's threads could not take its question: a store too slow to
     * answer, so every attempt needs a token (CONTRACT.md: "for login counts a slow store means bring a token") and
     * nothing is counted.
     */
    private static final LoginFailures SLOW = new LoginFailures() {
        @Override
        public boolean needsToken(byte[] account, String clientAddress) {
            return true;
        }

        @Override
        public boolean admit(byte[] account, String clientAddress) {
            return false;
        }

        @Override
        public void admitted(byte[] account, String clientAddress, boolean accepted) {
            // not counted: the store could not be asked
        }

        @Override
        public void failed(byte[] account, String clientAddress) {
            // not counted: the store could not be asked
        }
    };
    /** Exchange attribute: the end of the exchange's last decision, which the next one waits for. */
    private static final String TURN = "com.playtcha.internal.login-turn";
    /** Session attribute: the session's last login was refused for want of a token. */
    static final String NEEDED_TOKEN = "com.playtcha.internal.login-needed-token";
    /** Exchange attribute: whether the last login needed a token, as a servlet login page reads it from its request. */
    static final String NEEDS_TOKEN_ATTRIBUTE = "com.playtcha.login-needs-token";

    private final PlaytchaSettings settings;
    private final LoginFailures counts;
    private final ReactivePlaytchaVerifier verifier;
    /** The login policy for what needs no decision's own: a check outside any request, the page's question. */
    private final WebLogin policy;
    /** Where the counts are asked when they may block; {@code null}: where the check is. */
    private final Scheduler countsThreads;
    private final LogThrottle busyLog = new LogThrottle(1, TimeUnit.MINUTES);
    /** Observe mode's note, which any client writes with one login: at INFO at most once per 10 s, with the count since. */
    private final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);

    ReactiveChecks(PlaytchaSettings settings, LoginFailures counts, ReactivePlaytchaVerifier verifier) {
        this.settings = settings;
        this.counts = counts;
        this.verifier = verifier;
        this.policy = new WebLogin(new LoginPolicy(settings, counts), null); // no request: no web guard
        boolean shared = settings.clientBudget().cache() != null || settings.ledger().shared();
        this.countsThreads = counts != null && shared
                ? Schedulers.newBoundedElastic(settings.maxConnections(), settings.maxConnections(), "playtcha-login-counts")
                : null;
    }

    /** {@code call}, a guarded manager's with {@code authentication}, decided first if it is a password check none decided. */
    Mono<Authentication> authenticate(Authentication authentication, ReactiveFrame.Part part, Supplier<Mono<Authentication>> call) {
        return Mono.deferContextual(context -> {
            ReactiveFrame running = ReactiveFrame.of(context);
            if (!PasswordToken.isOne(authentication)) {
                return running == null ? ReactiveFrame.passwordless(Mono.defer(call)) : Mono.defer(call);
            }
            if (running != null && !running.passwordless()) {
                return running.inside(part, Mono.defer(call));
            }
            PasswordLogin.Run login = running == null ? PasswordLogin.running(context) : null;
            LoginAnswer upFront = login == null ? null : login.take(authentication);
            if (upFront != null) { // decided by the login filter that read these credentials: told, not decided again
                return ReactiveFrame.decided(upFront.outcome(), part, Mono.defer(call), this::tell);
            }
            return decide(context, PasswordToken.account(authentication), PasswordToken.password(authentication.getCredentials()))
                    .flatMap(answer -> ReactiveFrame.decided(answer.outcome(), part, Mono.defer(call), this::tell));
        });
    }

    /**
     * The answer to a check on {@code account} with {@code password} ({@code null}: unknown here), on the exchange
     * {@code context} holds or outside any request; a refusal is the error {@link PlaytchaLoginException}.
     */
    Mono<LoginAnswer> decide(ContextView context, LoginAccount account, CharSequence password) {
        ServerWebExchange exchange = ReactiveLoginExchange.of(context);
        if (exchange == null) {
            return onCounts(() -> policy.decideOutside(account), null)
                    .onErrorResume(RejectedExecutionException.class, busy -> Mono.fromCallable(
                            () -> new WebLogin(new LoginPolicy(settings, busy()), null).decideOutside(account)))
                    .map(ReactiveChecks::outside);
        }
        return inTurn(exchange, token(exchange).flatMap(token -> {
            GuardedExchange request = new GuardedExchange(exchange, token.orElse(null));
            ExchangeDecision decision = new ExchangeDecision(settings, counts, verifier.verifier());
            Mono<Optional<LoginAnswer>> first = onCounts(() -> Optional.ofNullable(decision.first(request, account, password)), exchange);
            return first.flatMap(answered -> answered.isPresent()
                    ? Mono.just(answered.get())
                    : verified(decision, exchange).flatMap(v -> onCounts(() -> decision.second(request, account, password, v), exchange)
                            .onErrorResume(RejectedExecutionException.class, busy -> slow(exchange, request, account, password, v))))
                    .onErrorResume(RejectedExecutionException.class, busy -> slow(exchange, request, account, password, null))
                    .flatMap(answer -> told(exchange, request, answer));
        }));
    }

    /**
     * The decision when the counts' threads and their queue are all taken: as on a store too slow to answer, it needs a
     * token ({@link #SLOW}), and a token it carries is verified, or, when it was verified before they were found taken,
     * that verification ({@code verified}, else {@code null}) answers again.
     */
    private Mono<LoginAnswer> slow(ServerWebExchange exchange, GuardedExchange request, LoginAccount account, CharSequence password,
            Verification verified) {
        ExchangeDecision decision = new ExchangeDecision(settings, busy(), verifier.verifier());
        LoginAnswer first = decision.first(request, account, password);
        return first != null ? Mono.just(first) : (verified != null ? Mono.just(verified) : verified(decision, exchange))
                .map(v -> decision.second(request, account, password, v));
    }

    /** {@link #SLOW}, the counts' threads' being full told to the log at most once a minute. */
    private LoginFailures busy() {
        long left = busyLog.count(System.nanoTime());
        if (left > 0) {
            LOG.log(Level.WARNING, "The login counts'' {0} threads and their queue are all taken (playtcha.max-connections): {1} "
                    + "login(s) since the last such line needed a token, as on a slow store", settings.maxConnections(), left);
        }
        return SLOW;
    }

    /** The verify the first pass of {@code decision} asked for, without blocking, answered where {@code exchange} goes on. */
    private Mono<Verification> verified(ExchangeDecision decision, ServerWebExchange exchange) {
        ExchangeDecision.Asked asked = decision.asked();
        return verifier.verify(asked.token(), asked.clientAddress(), asked.path(), asked.policy(), exchange);
    }

    /**
     * A check on {@code account} that a servlet part of a reactive application met (an {@code AuthenticationManager} bean
     * used through {@code ReactiveAuthenticationManagerAdapter}): it runs on a thread no exchange is bound to and may
     * block there, so it is decided as a check outside any request, counted on its account.
     */
    LoginAnswer outside(LoginAccount account) {
        return outside(policy.decideOutside(account));
    }

    /** The check with no request: refused where no token could help. */
    private static LoginAnswer outside(LoginAnswer answer) {
        if (!answer.proceeds()) {
            LOG.log(Level.DEBUG, "A password check with no web request was refused [code={0}]", LoginAttempt.TOKEN_REQUIRED);
            throw new PlaytchaLoginException(LoginAttempt.TOKEN_REQUIRED, answer.refusal());
        }
        return answer;
    }

    /**
     * {@code answer} told on the exchange: the headers (where the response is not committed), the attribute a page reads,
     * the session's mark; its observe note logged; a refusal thrown as {@link PlaytchaLoginException}.
     */
    private Mono<LoginAnswer> told(ServerWebExchange exchange, GuardedExchange request, LoginAnswer answer) {
        LoginAttempt attempt = answer.attempt();
        ObserveNote note = answer.observeNote();
        long since = note == null ? 0 : observed.count(System.nanoTime());
        if (since > 0 || note != null && LOG.isLoggable(Level.DEBUG)) {
            Level level = since > 0 ? Level.INFO : Level.DEBUG;
            Schedulers.boundedElastic().schedule(() -> LOG.log(level, note.line(since))); // a log line may block
        }
        ServerHttpResponse response = exchange.getResponse();
        if (!response.isCommitted()) {
            response.getHeaders().set(LoginProtocol.TOKEN_SPENT_HEADER, Boolean.toString(attempt.tokenSpent()));
            response.getHeaders().set(LoginProtocol.NEEDS_TOKEN_HEADER, Boolean.toString(attempt.needsToken()));
        }
        exchange.getAttributes().put(NEEDS_TOKEN_ATTRIBUTE, attempt.needsToken());
        Mono<LoginAnswer> marked = exchange.getSession().map(session -> {
            if (session.isStarted() && attempt.proceeds()) {
                session.getAttributes().remove(NEEDED_TOKEN);
            } else if (session.isStarted()) {
                session.getAttributes().put(NEEDED_TOKEN, Boolean.TRUE);
            }
            return answer;
        });
        if (answer.proceeds()) {
            return marked;
        }
        Object code = exchange.getAttribute(DecisionAttributes.ERROR_CODE);
        PlaytchaLoginException refused = new PlaytchaLoginException(code == null ? LoginAttempt.TOKEN_REQUIRED : code.toString(),
                answer.refusal());
        return marked.then(Mono.error(refused));
    }

    /**
     * {@code decide}, once the exchange's decision before it ended: the checks of one exchange are decided one at a
     * time, so that the token a check verified covers its credential before the next check asks.
     */
    private static <T> Mono<T> inTurn(ServerWebExchange exchange, Mono<T> decide) {
        Sinks.Empty<Void> ended = Sinks.empty();
        Object before = exchange.getAttributes().put(TURN, ended.asMono());
        @SuppressWarnings("unchecked")
        Mono<T> after = before instanceof Mono<?> previous ? ((Mono<Void>) previous).then(decide) : decide;
        return after.doFinally(signal -> ended.tryEmitEmpty());
    }

    /**
     * The token {@code exchange} carries: its header, else its urlencoded form's field; empty when none, as for a
     * {@code Content-Type} Spring cannot parse (its form reader finds no form there either).
     */
    private Mono<Optional<String>> token(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(settings.tokenHeader());
        if (header != null && !header.isBlank()) {
            return Mono.just(Optional.of(header));
        }
        MediaType type;
        try {
            type = exchange.getRequest().getHeaders().getContentType();
        } catch (InvalidMediaTypeException malformed) {
            return Mono.just(Optional.empty());
        }
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            return Mono.just(Optional.empty());
        }
        return exchange.getFormData().map(form -> Optional.ofNullable(form.getFirst(settings.tokenParameter())))
                .onErrorReturn(Optional.empty()).defaultIfEmpty(Optional.empty());
    }

    /**
     * Whether a login page of {@code exchange} should show the widget: every login needs a token, the session's last
     * login was refused for want of one, or the client's or the application's counts ask for one.
     */
    Mono<Boolean> needsToken(ServerWebExchange exchange) {
        if (!settings.login().afterFailures()) {
            return Mono.just(Boolean.TRUE);
        }
        String client = GuardedExchange.address(exchange);
        return exchange.getSession().flatMap(session -> Boolean.TRUE.equals(session.getAttribute(NEEDED_TOKEN))
                ? Mono.just(Boolean.TRUE) : onCounts(() -> policy.needsToken(null, client), exchange)
                        .onErrorReturn(RejectedExecutionException.class, Boolean.TRUE)); // busy: as on a slow store
    }

    /**
     * {@code work} that asks the counts: on their threads when they may block, its answer then going on where
     * {@code exchange} goes on ({@link ExchangeLoop}: the connection's event loop; {@code null}, no exchange: a
     * {@code parallel} thread), never on the counts' own threads; else here.
     */
    private <T> Mono<T> onCounts(Callable<T> work, ServerWebExchange exchange) {
        Mono<T> asked = Mono.fromCallable(work);
        return countsThreads == null ? asked : asked.subscribeOn(countsThreads).publishOn(ExchangeLoop.of(exchange));
    }

    /**
     * {@code telling}, a count told after a check, on the counts' threads when they may block, and going on where the
     * check's exchange goes on; a failure to tell is the outcome's.
     */
    Mono<Void> tell(Runnable telling) {
        return Mono.deferContextual(context -> onCounts(() -> {
            telling.run();
            return Boolean.TRUE;
        }, ReactiveLoginExchange.of(context))).onErrorResume(full -> Mono.empty()).then();
    }

    /** Stops the counts' threads, if any. */
    void close() {
        if (countsThreads != null) {
            countsThreads.dispose();
        }
    }
}
