package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * Where the guard decides a password check, for every part it holds: a guarded manager or provider called
 * with a password token ({@link PasswordToken}) decides it on entry, unless a check is already running on the
 * thread ({@link CheckFrame}), a guarded {@code PasswordEncoder}'s {@code matches} decides it at the
 * judgment when nothing decided it before, on the account the last user-store lookup of the request named, and a
 * guarded user store asked by one of Spring's password parts the guard does not hold decides it at the lookup.
 * Where and how it is decided is its {@link Decider}'s; a refusal is thrown as {@link PlaytchaLoginException} before
 * anything is judged. Tokens that carry no password pass undecided. The same rules hold the servlet parts of a
 * reactive application.
 *
 * <p>Internal to the starter, not an API: public so that both guards hold their servlet parts through it.
 */
public final class PasswordChecks {

    private final Decider decider;

    /** Checks decided by {@code decider}: on the request bound to the thread (servlet), or outside any request (reactive). */
    public PasswordChecks(Decider decider) {
        this.decider = decider;
    }

    /** {@code call}, a guarded {@code part}'s call with {@code authentication}, decided first if it is a password check none decided. */
    Object authenticate(Authentication authentication, CheckFrame.Part part, Supplier<CheckFrame.Providers> providers, PartCall call)
            throws Throwable {
        CheckFrame running = CheckFrame.current();
        boolean checksAPassword = PasswordToken.isOne(authentication);
        if (checksAPassword && (running == null || running.passwordless())) {
            LoginAccount account = PasswordToken.account(authentication);
            LoginAnswer answer = decider.decide(account, PasswordToken.password(authentication.getCredentials()));
            return CheckFrame.decided(answer, account, part, providers, call);
        }
        if (checksAPassword) { // inside a check this thread runs: its part, decided there
            return running.inside(part, providers, call);
        }
        return running == null ? CheckFrame.passwordless(call) : call.proceed();
    }

    /** A guarded encoder's judgment of {@code raw} (a {@code Boolean}): recorded in the running check, else decided here. */
    Object judged(CharSequence raw, PartCall judgment) throws Throwable {
        CheckFrame running = CheckFrame.current();
        if (running != null) {
            return running.judged(judgment);
        }
        CheckFrame.Lookup last = CheckFrame.lastLookup();
        if (last != null && last.decided()) { // decided where the store was asked: this is that check's judgment
            return CheckFrame.judgedHere(last.outcome(), judgment);
        }
        LoginAnswer answer = decider.decide(last == null ? LoginAccount.Unnamed.UNREADABLE : last.account(), raw);
        return CheckFrame.judgedHere(answer.outcome(), judgment);
    }

    /**
     * A guarded user store's {@code lookup} of {@code name}: noted for the judgment that may follow, and, when one of
     * Spring's own password parts that no guarded call holds asks it ({@link SpringCaller}: a
     * {@code DaoAuthenticationProvider} built in place, judging with an encoder of its own), the check decided here,
     * on the name asked and a password unknown, before the part compares anything. Its outcome is told by a judgment
     * the guard sees (the encoder bean's); with none, what was counted in advance stays counted. Inside a check, the
     * account the store returns is counted too where it is another spelling's ({@link CheckFrame#found}).
     */
    Object lookedUp(String name, PartCall lookup) throws Throwable {
        CheckFrame running = CheckFrame.current();
        if (running != null) { // inside a check: the account the store returns may be another spelling's (an alias)
            Object found = lookup.proceed();
            if (found instanceof UserDetails user) {
                running.found(user.getUsername(), decider);
            }
            return found;
        }
        if (SpringCaller.passwordPartAsksStore()) {
            CheckFrame.decidedAtLookup(name, decider.decide(LoginAccount.named(name), null).outcome());
        } else {
            CheckFrame.lookedUp(name);
        }
        return lookup.proceed();
    }

}
