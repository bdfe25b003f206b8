package com.playtcha.examples.springsecurity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A JSON login: {@code POST /api/session} with {@code {"username": ..., "password": ...}}, the widget's token in the
 * {@code Playtcha-Token} header and the CSRF token in the header {@code GET /api/csrf} names, checked by the manager
 * {@code AuthenticationConfiguration} hands out (as a custom login filter would get it), which the starter guards. A
 * wrong password is answered here; a login Playtcha refuses ({@code PlaytchaLoginException}) is not caught, and the
 * starter answers it with its envelope. A login does what {@code formLogin()} does for a form: a new session id (a
 * session an attacker planted before the login is not the one logged in) and a new CSRF token, then the caller in
 * the session.
 */
@RestController
public class SessionController {

    private final AuthenticationManager manager;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
    private final SessionAuthenticationStrategy newSession = new CompositeSessionAuthenticationStrategy(List.of(
            new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(new HttpSessionCsrfTokenRepository())));

    public SessionController(AuthenticationConfiguration configuration) throws Exception {
        this.manager = configuration.getAuthenticationManager();
    }

    /** The CSRF token a script sends back in the header named here, as a page's form sends its hidden field. */
    @GetMapping("/api/csrf")
    Map<String, String> csrf(CsrfToken token) {
        return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
    }

    @PostMapping("/api/session")
    ResponseEntity<Map<String, String>> login(@RequestBody Map<String, String> login, HttpServletRequest request,
            HttpServletResponse response) {
        Authentication caller;
        try {
            caller = manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(login.get("username"),
                    login.get("password")));
        } catch (BadCredentialsException wrong) {
            return ResponseEntity.status(401).body(Map.of("error", "wrong username or password"));
        }
        newSession.onAuthentication(caller, request, response);
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(caller);
        contexts.setContext(context);
        sessions.saveContext(context, request, response);
        return ResponseEntity.ok(Map.of("caller", caller.getName()));
    }
}
