package com.playtcha.jakarta.it.app.security;

import com.playtcha.jakarta.security.PlaytchaLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The login-bypass matrix's mechanism: as lenient as an attacker could hope an application's is, so
 * that only the guard stands between a request and the identity store. It authenticates whatever the
 * method, at any request URI that names {@code /api/login} in any form (decoded twice, path
 * parameters dropped, dot segments resolved, slashes collapsed, any case), with {@code username}
 * and {@code password} from {@code getParameter} or, failing that, from the raw body (text/plain,
 * multipart, a form the container did not parse). A login it made says so in the response header
 * {@value #CALLER_HEADER}, whatever page or status follows.
 */
@PlaytchaLogin(paths = "/api/login")
@ApplicationScoped
public class LenientLoginMechanism implements HttpAuthenticationMechanism {

    public static final String CALLER_HEADER = "Login-Caller";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        try {
            if (!namesTheLogin(request)) {
                return context.doNothing();
            }
            String body = null;
            String username = request.getParameter("username");
            String password = request.getParameter("password");
            if (username == null || password == null) {
                body = new String(request.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
                username = field(body, "username");
                password = field(body, "password");
            }
            if (username == null || password == null) {
                return context.doNothing();
            }
            CredentialValidationResult result = identityStores.validate(new UsernamePasswordCredential(username, password));
            if (result.getStatus() != CredentialValidationResult.Status.VALID) {
                return context.doNothing();
            }
            response.setHeader(CALLER_HEADER, result.getCallerPrincipal().getName());
            return context.notifyContainerAboutLogin(result);
        } catch (IOException | RuntimeException unreadable) {
            return context.doNothing();
        }
    }

    private static String field(String body, String name) {
        Matcher found = Pattern.compile(name + "\"?(?:=|\r?\n\r?\n)(\\w+)").matcher(body);
        return found.find() ? found.group(1) : null;
    }

    private static boolean namesTheLogin(HttpServletRequest request) {
        String mapped = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return mapped.equalsIgnoreCase("/api/login") || sloppy(request.getRequestURI())
                .equals(sloppy(request.getContextPath()) + "/api/login");
    }

    /** How a careless application might read a path: every way it could come to mean the login. */
    private static String sloppy(String path) {
        String decoded = path;
        for (int round = 0; round < 2; round++) {
            try {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                break;
            }
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.replace('\\', '/').replaceAll(";[^/]*", "").split("/+")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return ("/" + String.join("/", segments)).toLowerCase(Locale.ROOT).replaceAll("/$", "");
    }
}
