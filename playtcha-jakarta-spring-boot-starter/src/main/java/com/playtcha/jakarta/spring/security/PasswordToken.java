package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.spi.login.LoginAccount;
import java.nio.CharBuffer;
import java.security.Principal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticatedPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * What an {@code Authentication} handed to a guarded manager or provider is to the guard: a password check
 * or not, the account it names and its password. A password check is a
 * {@code UsernamePasswordAuthenticationToken} (its subclasses too), or a token of the application's own
 * type, whose nearest Spring Security superclass is {@code AbstractAuthenticationToken} (or that has none),
 * unless it implements {@link PasswordlessAuthentication}: the guard cannot tell what such a token carries,
 * so it decides it, as Jakarta Security's door asks a token for a credential of a type it does not know.
 * Spring Security's own tokens (remember-me, pre-authenticated, bearer, OAuth2, one-time, SAML, WebAuthn)
 * and an application's subclass of one of them check no password.
 *
 * <p>A username-password token names its account by its principal: a name ({@code String},
 * {@code UserDetails}, {@code Principal}, {@code AuthenticatedPrincipal}) or an {@link AccountPrincipal}. A
 * token of the application's own type names it only through {@link AccountPrincipal}, on the token itself
 * or on its principal. Anything else is an account the guard cannot read: a token each time. See
 * design/login-guard.md, 15.4.
 *
 * <p>Internal to the starter, not an API: public so that both guards read a token by this one rule.
 */
public final class PasswordToken {

    /** Per class: whether a token of it checks a password. */
    private static final ClassValue<Boolean> PASSWORD = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return checksAPassword(type);
        }
    };

    private PasswordToken() {
    }

    /** Whether {@code authentication} is a password check the guard decides. */
    public static boolean isOne(Authentication authentication) {
        return authentication != null && PASSWORD.get(authentication.getClass());
    }

    private static boolean checksAPassword(Class<?> type) {
        if (UsernamePasswordAuthenticationToken.class.isAssignableFrom(type)) {
            return true;
        }
        if (PasswordlessAuthentication.class.isAssignableFrom(type)) {
            return false;
        }
        Class<?> nearest = type;
        while (nearest != null && !nearest.getName().startsWith("org.springframework.")) {
            nearest = nearest.getSuperclass();
        }
        return nearest == null || nearest == AbstractAuthenticationToken.class;
    }

    /** The account {@code authentication} (a password check) names; {@code UNREADABLE} when it names none the guard can read. */
    public static LoginAccount account(Authentication authentication) {
        if (!(authentication instanceof UsernamePasswordAuthenticationToken)) {
            Object named = authentication instanceof AccountPrincipal ? authentication : authentication.getPrincipal();
            return named instanceof AccountPrincipal principal ? account(principal) : LoginAccount.Unnamed.UNREADABLE;
        }
        Object principal = authentication.getPrincipal();
        if (principal instanceof AccountPrincipal named) {
            return account(named);
        }
        String name = null;
        if (principal instanceof String text) {
            name = text;
        } else if (principal instanceof UserDetails user) {
            name = user.getUsername();
        } else if (principal instanceof AuthenticatedPrincipal authenticated) {
            name = authenticated.getName();
        } else if (principal instanceof Principal named) {
            name = named.getName();
        }
        return LoginAccount.named(name);
    }

    private static LoginAccount account(AccountPrincipal principal) {
        return LoginAccount.named(principal.account());
    }

    /** The password a token carries, for the one credential a request's token covers; {@code null} when it is of another type. */
    public static CharSequence password(Object credentials) {
        if (credentials instanceof CharSequence text) {
            return text;
        }
        return credentials instanceof char[] chars ? CharBuffer.wrap(chars) : null;
    }
}
