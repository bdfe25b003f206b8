package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.spi.web.LoginAnswer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.security.core.Authentication;
import reactor.util.context.ContextView;

/**
 * One authentication of a password login filter of Spring's that the reactive guard holds ({@code formLogin()}'s,
 * {@code httpBasic()}'s), carried in the Reactor {@code Context} while the filter authenticates: its credentials decided
 * up front, as the filter read them, and that answer taken by one guarded manager at most; a lookup made for it while
 * nothing decided it is decided there, once. The login filter writes it, the guarded manager and user store read it.
 */
final class LoginRun {

    /** The {@code Context} key: written around the filter's authentication, deleted for what the chain runs after it. */
    static final Object KEY = LoginRun.class;

    private final AtomicBoolean decided = new AtomicBoolean();
    private final AtomicBoolean taken = new AtomicBoolean();
    private volatile Authentication credentials;
    private volatile LoginAnswer answer;

    /** The password login authenticating where {@code context} was read, or {@code null}. */
    static LoginRun of(ContextView context) {
        return context.getOrDefault(KEY, null);
    }

    /** {@code decision}, the answer for {@code login}, the credentials the filter read, decided up front. */
    void upFront(Authentication login, LoginAnswer decision) {
        credentials = login;
        answer = decision;
    }

    /** Claims the decision of this login for the caller: whether it is the first to; from now on nothing else is. */
    boolean claim() {
        return decided.compareAndSet(false, true);
    }

    /**
     * The answer decided up front for {@code login}, the very credentials the filter read, for the guarded manager
     * that checks them, once; {@code null} for any other check.
     */
    LoginAnswer take(Authentication login) {
        LoginAnswer decision = answer;
        return decision != null && login == credentials && taken.compareAndSet(false, true) ? decision : null;
    }

    /** Whether it was decided up front and no guarded manager took that answer: its outcome is not known. */
    boolean untaken() {
        return answer != null && !taken.get();
    }
}
