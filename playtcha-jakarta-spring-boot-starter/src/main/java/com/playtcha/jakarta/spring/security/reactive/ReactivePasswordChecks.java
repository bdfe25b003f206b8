package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.LoginRenderer;
import com.playtcha.jakarta.spi.web.ObserveNote;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import com.playtcha.jakarta.spring.security.Aliases;
import com.playtcha.jakarta.spring.security.PasswordToken;
import com.playtcha.jakarta.spring.security.PlaytchaLoginException;
import com.playtcha.jakarta.spring.webflux.ExchangeLoop;
import com.playtcha.jakarta.spring.webflux.GuardedExchange;
import com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier;
import java.io.IOException;
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
 * manager runs, unless a check already runs where it was subscribed ({@link ReactiveCheckFrame}) or Spring's login filter
 * that read those very credentials decided them up front ({@link LoginRun}), whose answer it then takes. The request is the
 * exchange the guard's filter put into the Reactor {@code Context} ({@link ReactiveLoginExchange}); with none the check
 * is one outside any request ({@code playtcha.login.outside-requests}). The core's login policy decides, split at its
 * one verify ({@link WebLogin#checkStep}: the token verified by the verifier's non-blocking verify), one check of an
 * exchange at a time, as one thread runs a servlet request's; the answer is told on the exchange (as {@link LoginRenderer}
 * renders it: the headers, the attributes a page reads; and, in a session already started, that the last login needed a
 * token) and a refusal is a {@link PlaytchaLoginException}. The counts
 * are asked on threads of their own when they may block (a shared store: {@code playtcha.client-budget.cache}, a
 * ledger database or Redis), at most {@code playtcha.max-connections} at once and as many waiting, never on an event
 * loop, and their answer goes on on the exchange's own event loop ({@link ExchangeLoop}); past those, a check needs a
 * token, as on a store too slow to answer (one WARNING a minute says so); with the in-memory counts, where the check
 * is. The token comes from the {@code Playtcha-Token} header or the
 * {@code playtcha-token} field of an urlencoded form, never a query string, a JSON or multipart body.
 */
final class ReactivePasswordChecks {

    private static final System.Logger LOG = ReactiveGuardLogger.LOG;
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

    private final PlaytchaSettings settings;
    private final ReactivePlaytchaVerifier verifier;
    /** The login policy on the counts: each check split at its one verify ({@link WebLogin#checkStep}). */
    private final WebLogin login;
    /** The same policy on {@link #SLOW}, for a check that finds the counts' threads and their queue all taken. */
    private final WebLogin slow;
    private final Aliases aliases;
    /** Where the counts are asked when they may block; {@code null}: where the check is. */
    private final Scheduler countsThreads;
    private final LogThrottle busyLog = new LogThrottle(1, TimeUnit.MINUTES);
    /** Observe mode's note, which any client writes with one login: at INFO at most once per 10 s, with the count since. */
    private final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);

    ReactivePasswordChecks(PlaytchaSettings settings, LoginFailures counts, ReactivePlaytchaVerifier verifier) {
        this.settings = settings;
        this.verifier = verifier;
        // The guard only publishes and says what to post: the verify is the non-blocking one, made here.
        WebGuard guard = new WebGuard("spring-security", Policy.of(settings), verifier::verifier);
        this.login = new WebLogin(new LoginPolicy(settings, counts), guard);
        this.slow = new WebLogin(new LoginPolicy(settings, SLOW), guard);
        this.aliases = new Aliases(settings);
        boolean shared = settings.clientBudget().cache() != null || settings.ledger().shared();
        this.countsThreads = counts != null && shared
                ? Schedulers.newBoundedElastic(settings.maxConnections(), settings.maxConnections(), "playtcha-login-counts")
                : null;
    }

    /** {@code call}, a guarded manager's with {@code authentication}, decided first if it is a password check none decided. */
    Mono<Authentication> authenticate(Authentication authentication, ReactiveCheckFrame.Part part, Supplier<Mono<Authentication>> call) {
        return Mono.deferContextual(context -> {
            ReactiveCheckFrame running = ReactiveCheckFrame.of(context);
            if (!PasswordToken.isOne(authentication)) {
                return running == null ? ReactiveCheckFrame.passwordless(Mono.defer(call)) : Mono.defer(call);
            }
            if (running != null && !running.passwordless()) {
                return running.inside(part, Mono.defer(call));
            }
            LoginRun login = running == null ? LoginRun.of(context) : null;
            LoginAnswer upFront = login == null ? null : login.take(authentication);
            LoginAccount account = PasswordToken.account(authentication);
            if (upFront != null) { // decided by the login filter that read these credentials: told, not decided again
                return ReactiveCheckFrame.decided(upFront, account, part, Mono.defer(call), this::tell);
            }
            return decide(context, account, PasswordToken.password(authentication.getCredentials()))
                    .flatMap(answer -> ReactiveCheckFrame.decided(answer, account, part, Mono.defer(call), this::tell));
        });
    }

    /**
     * The answer to a check on {@code account} with {@code password} ({@code null}: unknown here), on the exchange
     * {@code context} holds or outside any request; a refusal is the error {@link PlaytchaLoginException}.
     */
    Mono<LoginAnswer> decide(ContextView context, LoginAccount account, CharSequence password) {
        ServerWebExchange exchange = ReactiveLoginExchange.of(context);
        if (exchange == null) {
            return asked(on -> on.decideOutside(account), null).map(ReactivePasswordChecks::outside);
        }
        return inTurn(exchange, token(exchange).flatMap(token -> {
            GuardedExchange request = new GuardedExchange(exchange, token.orElse(null));
            return asked(on -> on.checkStep(request, account, password), exchange)
                    .flatMap(step -> step instanceof WebLogin.Pending pending ? verified(pending, exchange)
                            : Mono.just((LoginAnswer) step))
                    .flatMap(answer -> told(exchange, answer));
        }));
    }

    /**
     * The check's answer once its {@code pending} verify, made without blocking, came: the rest of the decision on the
     * counts' threads, or, when those are all taken, on {@code boundedElastic} (it may give back what the check counted in
     * advance; every check that gets this far passed those threads once, so this holds no more than they took).
     */
    private Mono<LoginAnswer> verified(WebLogin.Pending pending, ServerWebExchange exchange) {
        WebGuard.Post post = pending.post();
        return verifier.verify(post.token(), post.clientAddress(), post.path(), post.policy(), exchange)
                .flatMap(verification -> onCounts(() -> pending.then().apply(verification), exchange)
                        .onErrorResume(RejectedExecutionException.class, busy -> Mono.fromCallable(() -> pending.then().apply(verification))
                                .subscribeOn(Schedulers.boundedElastic()).publishOn(ExchangeLoop.of(exchange))));
    }

    /**
     * {@code stored}, the account the store returned inside {@code frame}'s check, counted beside it where it is another
     * account than the one typed ({@link Aliases}); a check that went on without a token and finds it at its limit is
     * refused here, told on the exchange, before the manager compares anything. Empty when nothing is refused.
     */
    Mono<Void> alias(ContextView context, ReactiveCheckFrame frame, String stored) {
        LoginAccount.Named typed = frame.typed();
        if (typed == null || !aliases.another(typed, stored)) {
            return Mono.empty();
        }
        ServerWebExchange exchange = ReactiveLoginExchange.of(context);
        LoginAccount account = LoginAccount.named(stored);
        return asked(on -> on.decideOutside(account), exchange).flatMap(answer -> {
                    if (answer.proceeds() || !frame.tokenless()) {
                        frame.alias(answer.proceeds() ? answer.outcome() : null);
                        return Mono.empty();
                    }
                    frame.refusedHere();
                    return exchange == null ? Mono.error(PlaytchaLoginException.of(answer))
                            : told(exchange, answer).then();
                });
    }

    /**
     * What {@code ask} answers of the login policy on the counts ({@link #onCounts}); when the counts' threads and their
     * queue are all taken, of the same policy on {@link #SLOW}, here: as on a slow store, a token is needed and nothing is
     * counted, which the log says at most once a minute.
     */
    private <T> Mono<T> asked(Ask<T> ask, ServerWebExchange exchange) {
        return onCounts(() -> ask.of(login), exchange).onErrorResume(RejectedExecutionException.class, busy -> Mono.fromCallable(() -> {
            long left = busyLog.count(System.nanoTime());
            if (left > 0) {
                LOG.log(Level.WARNING, "The login counts'' {0} threads and their queue are all taken (playtcha.max-connections): {1} "
                        + "login(s) since the last such line needed a token, as on a slow store", settings.maxConnections(), left);
            }
            return ask.of(slow);
        }));
    }

    /** A question to the login policy ({@link WebLogin}), asked on the counts or, when they cannot take it, on {@link #SLOW}. */
    private interface Ask<T> {
        T of(WebLogin login) throws IOException;
    }

    /**
     * A check on {@code account} that a servlet part of a reactive application met (an {@code AuthenticationManager} bean
     * used through {@code ReactiveAuthenticationManagerAdapter}): it runs on a thread no exchange is bound to and may
     * block there, so it is decided as a check outside any request, counted on its account.
     */
    LoginAnswer outside(LoginAccount account) {
        return outside(login.decideOutside(account));
    }

    /** The check with no request: refused where no token could help. */
    private static LoginAnswer outside(LoginAnswer answer) {
        if (!answer.proceeds()) {
            LOG.log(Level.DEBUG, "A password check with no web request was refused [code={0}]", LoginAttempt.TOKEN_REQUIRED);
            throw PlaytchaLoginException.of(answer);
        }
        return answer;
    }

    /**
     * {@code answer} told on the exchange: the headers (where the response is not committed), the attribute a page reads,
     * the session's mark; its observe note logged; a refusal thrown as {@link PlaytchaLoginException}.
     */
    private Mono<LoginAnswer> told(ServerWebExchange exchange, LoginAnswer answer) {
        if (answer.observeNote() != null) {
            Schedulers.boundedElastic().schedule(() -> ObserveNote.log(answer.observeNote(), LOG, observed)); // a log line may block
        }
        ServerHttpResponse response = exchange.getResponse();
        if (!response.isCommitted()) {
            LoginRenderer.headers(answer, response.getHeaders()::set);
        }
        LoginRenderer.page(answer.needsToken(), exchange.getAttributes()::put);
        Mono<LoginAnswer> marked = exchange.getSession().map(session -> {
            if (session.isStarted() && answer.proceeds()) {
                session.getAttributes().remove(NEEDED_TOKEN);
            } else if (session.isStarted()) {
                session.getAttributes().put(NEEDED_TOKEN, Boolean.TRUE);
            }
            return answer;
        });
        if (answer.proceeds()) {
            return marked;
        }
        return marked.then(Mono.error(PlaytchaLoginException.of(answer)));
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
                ? Mono.just(Boolean.TRUE) : asked(on -> on.needsToken(null, client), exchange));
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
