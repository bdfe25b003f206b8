package com.playtcha.jakarta.it.app.security;

import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/session} with {@code {"username": ..., "password": ...}}: logs in through
 * {@code SecurityContext.authenticate} and answers the status and the caller; after
 * {@code SEND_CONTINUE} the answer is written already (a refusal). With {@code ?code=...} it authenticates
 * with the application's own credential type ({@link CodeLogin}) instead.
 */
@WebServlet("/api/session")
public class JsonLoginResource extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern FIELD = Pattern.compile("\"(username|password)\"\\s*:\\s*\"([^\"]*)\"");

    @Inject
    SecurityContext security;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String username = null;
        String password = null;
        Matcher field = FIELD.matcher(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        while (field.find()) {
            if (field.group(1).equals("username")) {
                username = field.group(2);
            } else {
                password = field.group(2);
            }
        }
        String code = request.getParameter("code");
        AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
                .credential(code == null ? new UsernamePasswordCredential(username, password) : new CodeLogin(username, password, code)));
        if (status == AuthenticationStatus.SEND_CONTINUE || response.isCommitted()) {
            return;
        }
        if (status != AuthenticationStatus.SUCCESS) {
            response.setStatus(401);
        }
        LoginEcho.write(request, response, status.name());
    }
}
