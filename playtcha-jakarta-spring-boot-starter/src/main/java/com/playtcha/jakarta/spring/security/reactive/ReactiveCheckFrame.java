package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginOutcome;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spring.security.CheckOutcomes;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * One password check of a reactive login, from the guarded manager that decided it to the end of that manager's
 * {@code Mono}, carried in the Reactor {@code Context} of what the manager subscribes to (no thread holds it): the
 * guarded parts reached inside decide nothing again and record what they met, and the check's
 * {@code LoginOutcome} is told what that adds up to, not what the type of the error suggests. A success is a
 * success; an error is a failure unless the part that answered is Spring's
 * {@code UserDetailsRepositoryReactiveAuthenticationManager} (exactly that class) answering an
 * {@code AccountStatusException}, which its checks raise before the password is judged (locked, disabled,
 * expired) or after a right one (credentials expired), and nothing failed inside since. An empty answer (a
 * manager that cannot say) is a failure: it may have judged. A call with a token that carries no password runs in
 * a frame that decides and counts nothing. The servlet side's {@code CheckFrame}, for a stack where the guard
 * sees managers and user stores but no encoder (design/login-guard.md, 16).
 */
final class ReactiveCheckFrame {

    /** The {@code Context} key of the running check. */
    static final Object KEY = ReactiveCheckFrame.class;
    private static final ReactiveCheckFrame PASSWORDLESS = new ReactiveCheckFrame(null, true, null, null, false);

    /** What was counted in advance or decided for the check, to be told once; {@code null}: nothing counted. */
    private final LoginOutcome outcome;
    private final boolean passwordless;
    /** Where the outcome is told: on the counts' threads when they may block (the reactive guard's). */
    private final Function<Runnable, Mono<Void>> telling;
    /** Passwords judged wrong inside the check, or answers of parts whose answers may hide one. */
    private final AtomicInteger failures = new AtomicInteger();
    /** The last answer Spring's user-store manager gave without judging a password, or {@code null}. */
    private volatile Throwable notJudged;
    /** The account the check was decided on, as typed; {@code null} for a passwordless call. */
    private final LoginAccount account;
    /** Whether the check went on without a token, so that an alias's counts may still ask for one. */
    private final boolean tokenless;
    /** The account the store returned, where another than the one typed (an alias), counted on too; or {@code null}. */
    private volatile LoginOutcome alias;
    /** Refused inside, at an alias's limit, before anything was judged: what was counted in advance is given back. */
    private volatile boolean refusedHere;

    private ReactiveCheckFrame(LoginOutcome outcome, boolean passwordless, Function<Runnable, Mono<Void>> telling, LoginAccount account,
            boolean tokenless) {
        this.outcome = outcome;
        this.passwordless = passwordless;
        this.telling = telling;
        this.account = account;
        this.tokenless = tokenless;
    }

    /** How a guarded manager's answer is read. */
    enum Part {
        /** The application's own manager, or one of Spring's the guard cannot see into: any error may hide a judgment. */
        MANAGER,
        /**
         * Exactly Spring's {@code UserDetailsRepositoryReactiveAuthenticationManager}: an {@code AccountStatusException}
         * judged nothing.
         */
        USER_STORE
    }

    /** The check running where {@code context} was read, or {@code null}. */
    static ReactiveCheckFrame of(ContextView context) {
        return context.getOrDefault(KEY, null);
    }

    /** Whether this is a call with a token that carries no password, not a check. */
    boolean passwordless() {
        return passwordless;
    }

    /** {@code call}, a guarded manager's with a token that carries no password: no check, whatever it has judged inside. */
    static Mono<Authentication> passwordless(Mono<Authentication> call) {
        return call.contextWrite(context -> context.put(KEY, PASSWORDLESS));
    }

    /**
     * {@code call}, the manager that decided a check on {@code account} as {@code answer}, with the outcome told what the
     * check came to before its answer goes on; {@code telling} runs the telling (the counts may block).
     */
    static Mono<Authentication> decided(LoginAnswer answer, LoginAccount account, Part part, Mono<Authentication> call,
            Function<Runnable, Mono<Void>> telling) {
        ReactiveCheckFrame frame = new ReactiveCheckFrame(answer.outcome(), false, telling, account,
                answer.attempt() instanceof LoginAttempt.Admitted);
        return frame.inside(part, call)
                .flatMap(accepted -> frame.told(Boolean.TRUE).thenReturn(accepted))
                .switchIfEmpty(Mono.defer(() -> frame.told(Boolean.FALSE).then(Mono.empty())))
                .onErrorResume(error -> frame.told(error == frame.notJudged ? null : Boolean.FALSE).then(Mono.error(error)))
                .contextWrite(context -> context.put(KEY, frame));
    }

    /** The account the check was decided on, as typed, where it names one and no alias was counted yet; else {@code null}. */
    LoginAccount.Named typed() {
        return !passwordless && alias == null && account instanceof LoginAccount.Named named ? named : null;
    }

    /** Whether the check went on without a token. */
    boolean tokenless() {
        return tokenless;
    }

    /** {@code counted}, what an alias the store returned was counted on, to be told what the check comes to. */
    void alias(LoginOutcome counted) {
        alias = counted;
    }

    /** The check was refused inside, at an alias's limit, before anything was judged. */
    void refusedHere() {
        refusedHere = true;
    }

    /** {@code call}, a guarded manager called inside this check, with what its answer says recorded. */
    Mono<Authentication> inside(Part part, Mono<Authentication> call) {
        int before = failures.get();
        return call.switchIfEmpty(Mono.defer(() -> {
            failures.incrementAndGet();
            return Mono.empty();
        })).doOnError(answer -> {
            if (part == Part.USER_STORE && answer instanceof AccountStatusException && failures.get() == before) {
                notJudged = answer;
            } else {
                failures.incrementAndGet();
                notJudged = null;
            }
        });
    }

    /** Tells the outcome: {@code TRUE} accepted, {@code FALSE} refused, {@code null} no password judged. */
    private Mono<Void> told(Boolean accepted) {
        if (outcome == null && alias == null) {
            return Mono.empty();
        }
        Boolean said = refusedHere ? null : accepted == null && failures.get() > 0 ? Boolean.FALSE : accepted;
        return telling.apply(() -> CheckOutcomes.told(said, outcome, alias));
    }
}
