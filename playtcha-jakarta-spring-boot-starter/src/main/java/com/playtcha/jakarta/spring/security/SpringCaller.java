package com.playtcha.jakarta.spring.security;

import java.util.Iterator;
import java.util.Set;
import org.springframework.security.config.annotation.SecurityConfigurerAdapter;

/**
 * The one place the guard reads the stack, for both stacks, where Spring offers no public hook: whether a user-store
 * bean is being asked by one of Spring Security's own password parts, which look the user up before they compare the
 * password ({@link #passwordPartAsksStore}), and, at start, whether a login filter being post-processed was handed over
 * by one of Spring Security's own configurers ({@link #springConfigurerPostProcesses}). On the servlet
 * side that is {@code AbstractUserDetailsAuthenticationProvider.authenticate} (every {@code DaoAuthenticationProvider},
 * whoever built it, calls {@code retrieveUser} from there); on the reactive side
 * {@code AbstractUserDetailsReactiveAuthenticationManager.authenticate} (every user-store manager of Spring's). Such a
 * lookup is the first point where the guard sees a check made by a part it does not hold (one built in place with
 * {@code new}, judging with its own encoder), so the check is decided there, before the password is compared.
 *
 * <p>The stack, because Spring offers no public hook where such a part is built ({@code new} in an application's
 * code) nor where it calls the store; the caller sits a few frames down (the part, its {@code retrieveUser}, the
 * guard's proxy, its handler), so the walk stops at {@value #DEPTH} frames. A lookup made later, inside a {@code Mono}
 * or by anything else (remember-me, an application's profile page, a pre-authenticated login), is not one: those look
 * users up without a password. design/login-guard.md, 17.
 *
 * <p>Internal to the starter, not an API: public so that both guards read the stack here alone.
 */
public final class SpringCaller {

    /** The methods, by declaring class, that ask the store for a password check. */
    private static final Set<String> PASSWORD_PARTS = Set.of(
            "org.springframework.security.authentication.dao.AbstractUserDetailsAuthenticationProvider",
            "org.springframework.security.authentication.AbstractUserDetailsReactiveAuthenticationManager");
    /** How far down the stack the caller is looked for: the part, its {@code retrieveUser}, a class proxy's frames and the guard's. */
    private static final int DEPTH = 24;

    private SpringCaller() {
    }

    /** Whether the lookup this thread is making is one of Spring's password parts', made as it authenticates. */
    public static boolean passwordPartAsksStore() {
        return StackWalker.getInstance().walk(frames -> frames.limit(DEPTH)
                .anyMatch(frame -> "authenticate".equals(frame.getMethodName()) && PASSWORD_PARTS.contains(frame.getClassName())));
    }

    /**
     * Whether the object being post-processed on this thread was handed to {@code postProcess} by one of Spring
     * Security's own configurers: they give a login filter the chain's shared manager just before, while a configurer
     * of the application's could have given it any manager, which the filter keeps behind a protected getter. Asked at
     * start only, once per such filter, so the walk is not bounded.
     */
    public static boolean springConfigurerPostProcesses() {
        return StackWalker.getInstance().walk(frames -> {
            Iterator<StackWalker.StackFrame> outward = frames.iterator();
            while (outward.hasNext()) {
                StackWalker.StackFrame frame = outward.next();
                if (frame.getClassName().equals(SecurityConfigurerAdapter.class.getName()) && frame.getMethodName().equals("postProcess")) {
                    return outward.hasNext() && outward.next().getClassName().startsWith("org.springframework.security.config.");
                }
            }
            return false;
        });
    }
}
