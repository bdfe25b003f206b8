package com.playtcha.jakarta.spring.security.servlet;

import jakarta.servlet.Filter;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;

/**
 * Which servlet filters check a password on the manager they were given: Spring Security's form, Basic, generic and
 * servlet-API login filters (their subclasses too), and an application's own {@code AbstractAuthenticationProcessingFilter}
 * or {@code AuthenticationFilter}. What the guard hands the chain's manager to as a configurer makes it, and what the
 * start refuses where no configurer made it on a guarded manager (design/login-guard.md, 15.3).
 */
final class LoginFilters {

    private LoginFilters() {
    }

    /** Whether {@code filter} can check a password on the manager it was given. */
    static boolean checksPasswords(Filter filter) {
        boolean springs = filter.getClass().getName().startsWith("org.springframework.");
        return filter instanceof UsernamePasswordAuthenticationFilter || filter instanceof BasicAuthenticationFilter
                || filter instanceof SecurityContextHolderAwareRequestFilter || filter.getClass() == AuthenticationFilter.class
                || !springs && (filter instanceof AbstractAuthenticationProcessingFilter || filter instanceof AuthenticationFilter);
    }
}
