package com.playtcha.jakarta.spring.security.reactive;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spring.security.Guards;
import com.playtcha.jakarta.spring.security.PartCall;
import com.playtcha.jakarta.spring.security.SpringCaller;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import reactor.core.publisher.Mono;

/**
 * How the reactive guard holds a part ({@link Guards}' proxies): a {@code ReactiveAuthenticationManager}'s
 * {@code authenticate} is decided before the manager runs ({@link ReactivePasswordChecks}); a {@code ReactiveUserDetailsService}'s
 * {@code findByUsername} is a lookup, no attempt, unless no guarded manager decided a check where it runs and it is
 * made for one of Spring's own password login filters ({@code formLogin()}'s, {@code httpBasic()}'s: {@link LoginRun})
 * whose credentials nothing decided (that filter decides them up front, as it reads them, so this is a last resort) or by
 * one of Spring's own password managers that the guard does not hold (one an application built in place, a
 * {@code UserDetailsRepositoryReactiveAuthenticationManager}: {@link SpringCaller}): then that check is
 * decided there, on the name looked up, before the store is asked. A part that throws instead of answering a
 * {@code Mono} answers the error.
 */
final class ReactivePartGuard extends Guards.Guard {

    private final ReactivePasswordChecks checks;
    private final ReactiveCheckFrame.Part part;

    ReactivePartGuard(ReactivePasswordChecks checks, Object target) {
        super(target);
        this.checks = checks;
        this.part = target.getClass() == UserDetailsRepositoryReactiveAuthenticationManager.class
                ? ReactiveCheckFrame.Part.USER_STORE : ReactiveCheckFrame.Part.MANAGER;
    }

    @Override
    protected Object called(Method method, Object[] arguments, PartCall proceed) throws Throwable {
        if (arguments == null || arguments.length != 1) {
            return proceed.proceed();
        }
        String name = method.getName();
        if (name.equals("authenticate") && arguments[0] instanceof Authentication authentication
                && target instanceof ReactiveAuthenticationManager) {
            return checks.authenticate(authentication, part, () -> made(proceed));
        }
        if (name.equals("findByUsername") && (arguments[0] == null || arguments[0] instanceof String)
                && target instanceof ReactiveUserDetailsService) {
            return lookedUp((String) arguments[0], SpringCaller.passwordPartAsksStore(), () -> made(proceed));
        }
        return proceed.proceed();
    }

    /**
     * {@code call}, a lookup of {@code name}: decided first when nothing decided a check where it runs and it is the first
     * of a password login's, or made by a password manager of Spring's ({@code bySpringsManager}).
     */
    private <T> Mono<T> lookedUp(String name, boolean bySpringsManager, Supplier<Mono<T>> call) {
        return Mono.deferContextual(context -> {
            ReactiveCheckFrame frame = ReactiveCheckFrame.of(context);
            if (frame != null) { // inside a check: the account the store returns may be another spelling's (an alias)
                return Mono.defer(call).flatMap(found -> found instanceof UserDetails user
                        ? checks.alias(context, frame, user.getUsername()).thenReturn(found) : Mono.just(found));
            }
            LoginRun login = LoginRun.of(context);
            boolean check = login == null ? bySpringsManager : login.claim();
            return check ? checks.decide(context, LoginAccount.named(name), null).then(Mono.defer(call)) : Mono.defer(call);
        });
    }

    /** What the part answers, its error as one. */
    @SuppressWarnings("unchecked")
    private static <T> Mono<T> made(PartCall proceed) {
        try {
            return (Mono<T>) proceed.proceed();
        } catch (RuntimeException thrown) {
            return Mono.error(thrown);
        } catch (Error e) {
            throw e;
        } catch (Throwable checked) { // these parts declare nothing checked
            return Mono.error(new IllegalStateException(checked));
        }
    }
}
