package com.playtcha.jakarta.spring.security.servlet;

import jakarta.servlet.Filter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.debug.DebugFilter;
import org.springframework.security.web.authentication.www.DigestAuthenticationFilter;

/**
 * The start's look at every chain a {@code FilterChainProxy} serves, however it was made (a
 * {@code SecurityFilterChain} bean, a {@code WebSecurityCustomizer}'s
 * {@code addSecurityFilterChainBuilder}, customizer beans and spring.factories configurers in a built
 * one): it fails, naming the chain, the filter and the way out, where a filter can check a password the
 * guard cannot decide. A {@code DigestAuthenticationFilter} judges digests against its
 * {@code UserDetailsService} itself. A chain with filters that no {@code HttpSecurity} the guard joined
 * built holds managers the guard never saw. A login filter ({@code formLogin()}'s, {@code httpBasic()}'s,
 * {@code servletApi()}'s, an {@code AuthenticationFilter}, an application's own
 * {@code AbstractAuthenticationProcessingFilter}) not known as made on the chain's guarded manager
 * ({@link GuardedChain}: handed it through its setter, or made by Spring Security's own configurer) was added
 * by hand, or made by a configurer of the application's own, on a manager the guard cannot see (these filters
 * keep it behind protected getters). The same look is given to every servlet filter the application registers, a
 * {@code Filter} bean or a {@code FilterRegistrationBean}'s filter ({@link #inspectRegistered}): a filter chain proxy
 * there has its chains looked at, and a login or digest filter there, outside every chain, fails the start, since no
 * configurer made it on a guarded manager. design/login-guard.md, 15.3.
 */
final class ChainCheck {

    private ChainCheck() {
    }

    /** Looks at every chain of {@code proxy}; {@code beans}: the {@code SecurityFilterChain} beans, by name. */
    static void inspect(FilterChainProxy proxy, Map<String, SecurityFilterChain> beans) {
        for (SecurityFilterChain chain : proxy.getFilterChains()) {
            String name = beans.entrySet().stream().filter(bean -> bean.getValue() == chain).map(bean -> "SecurityFilterChain bean '"
                    + bean.getKey() + "'").findFirst().orElseGet(() -> "security filter chain for " + matcher(chain));
            List<Filter> filters = chain.getFilters();
            GuardedChain guarded = (GuardedChain) filters.stream().filter(GuardedChain.class::isInstance).findFirst().orElse(null);
            for (Filter filter : filters) {
                if (filter instanceof DigestAuthenticationFilter) {
                    throw refused(name, filter, "judges digests against its UserDetailsService itself, where no password check can be "
                            + "decided. Log in with formLogin() or httpBasic() instead");
                }
                if (guarded != null && LoginFilters.checksPasswords(filter) && !guarded.madeOnGuarded(filter)) {
                    throw refused(name, filter, "was added to the chain by hand (http.addFilter...), or made by a configurer of "
                            + "yours that the guard cannot hand the chain's manager to, on an AuthenticationManager the guard cannot "
                            + "see. Switch the login on with its configurer (http.formLogin(), http.httpBasic(), from your configurer's "
                            + "init if you wish), or make a filter with a public setAuthenticationManager (an "
                            + "AbstractAuthenticationProcessingFilter) in a configurer of yours (http.with(...)) and pass it to "
                            + "postProcess, which gives it the chain's guarded manager");
                }
            }
            if (guarded == null && !filters.isEmpty()) {
                throw refused(name, filters.get(0), "is in a chain not built by an HttpSecurity Spring Security handed out (a chain "
                        + "made by hand, or a builder given to WebSecurity.addSecurityFilterChainBuilder), so the logins of its filters "
                        + "could not be guarded. Build it with the HttpSecurity bean (http.build())");
            }
        }
    }

    /**
     * Looks at {@code filter}, a servlet filter the application registers itself, outside the chains a filter chain
     * proxy serves: {@code registered} names the {@code Filter} bean or the {@code FilterRegistrationBean}. A filter chain proxy (or
     * a {@code DebugFilter} over one) has its chains looked at ({@code beans}: the {@code SecurityFilterChain} beans,
     * asked for only then: a filter bean made before the chains must not make them early); a login or digest filter fails
     * the start.
     */
    static void inspectRegistered(String registered, Filter filter, Supplier<Map<String, SecurityFilterChain>> beans) {
        if (filter instanceof FilterChainProxy proxy) {
            inspect(proxy, beans.get());
        } else if (filter instanceof DebugFilter debug) {
            inspect(debug.getFilterChainProxy(), beans.get());
        } else if (filter instanceof DigestAuthenticationFilter || LoginFilters.checksPasswords(filter)) {
            throw refused(registered + ", outside every security filter chain,", filter, "is a login filter "
                    + "the servlet container runs on its own (Spring Boot registers every Filter bean), on an AuthenticationManager "
                    + "or user store the guard cannot see. Switch the login on in a SecurityFilterChain with its configurer "
                    + "(http.formLogin(), http.httpBasic()) and remove the bean");
        }
    }

    /**
     * The filter of {@code registration}, a {@code FilterRegistrationBean} (a {@code DelegatingFilterProxyRegistrationBean}'s
     * target is a bean of its own).
     */
    static Filter registered(Object registration) {
        return registration instanceof FilterRegistrationBean<?> filter ? filter.getFilter() : null;
    }

    private static String matcher(SecurityFilterChain chain) {
        return chain instanceof DefaultSecurityFilterChain chained ? chained.getRequestMatcher().toString() : chain.toString();
    }

    private static IllegalStateException refused(String chain, Filter filter, String why) {
        return new IllegalStateException("playtcha.login.require is set, but " + filter.getClass().getName() + " in the " + chain
                + " " + why + "; or remove playtcha.login.require. See docs/spring-security.md");
    }
}
