package com.playtcha.examples.springsecurity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A JSON login: {@code POST /api/session} with {@code {"username": ..., "password": ...}} and the widget's
 * token in the {@code Playtcha-Token} header, checked by the manager {@code AuthenticationConfiguration} hands
 * out (as a custom login filter would get it), which the starter guards. A wrong password is answered here; a login Playtcha refuses
 * ({@code PlaytchaLoginException}) is not caught, and the starter answers it with its envelope.
 */
@RestController
public class SessionController {

    private final AuthenticationManager manager;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    public SessionController(AuthenticationConfiguration configuration) throws Exception {
        this.manager = configuration.getAuthenticationManager();
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
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(caller);
        sessions.saveContext(context, request, response);
        return ResponseEntity.ok(Map.of("caller", caller.getName()));
    }
}
