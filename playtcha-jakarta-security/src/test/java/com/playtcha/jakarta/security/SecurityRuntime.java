package com.playtcha.jakarta.security;

import com.playtcha.jakarta.core.DecisionAttributes;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Plays a Jakarta Security runtime on an embedded Jetty, application {@code /app}: every request is
 * handed to the mechanism's {@code validateRequest} (the CDI proxy, so interceptors apply) with a
 * {@link MechanismCall}, and unless the mechanism (or a refusal) answered ({@code SEND_CONTINUE}) the
 * page says {@code status=... caller=... outcome=... spent=...}. A mechanism that throws gets 500 with
 * the exception's message, as a runtime's error page would show it.
 *
 * <p>As a Soteria runtime calls the mechanism on every request and application code may then call
 * {@code SecurityContext.authenticate}: a request with the header {@value #AUTHENTICATE}
 * ({@code user:password}) is handed to the mechanism a second time, with that credential, unless the
 * first call logged in or answered; the page then says the second call's status. A request with the
 * header {@value #SESSION} comes with that caller's principal, as the container gives a request of a
 * session that is logged in.
 *
 * <p>It lets every path form through that a container might ({@code UriCompliance.UNSAFE}, ambiguous
 * URIs decoded): {@code //}, {@code %2F}, {@code %25}, {@code ..;} and the like reach the mechanism
 * here, as they may in some runtime, where a stricter Jetty would answer 400 first.
 */
final class SecurityRuntime implements AutoCloseable {

    /** Request header: application code calls {@code SecurityContext.authenticate} with this {@code user:password}. */
    static final String AUTHENTICATE = "Test-Authenticate";
    /**
     * Request header: application code calls {@code SecurityContext.authenticate} with a credential of its
     * own type ({@link CodeCredential}), {@code user:password:code}.
     */
    static final String AUTHENTICATE_CODE = "Test-Authenticate-Code";
    /**
     * Request header: as {@value #AUTHENTICATE_CODE}, with a credential that names its account ({@link CodeLogin}),
     * percent-encoded UTF-8 (a header carries no other characters); a user {@code (null)} names none.
     */
    static final String AUTHENTICATE_NAMED = "Test-Authenticate-Named";
    /** Request header: the request comes logged in as this caller (its session's, say). */
    static final String SESSION = "Test-Session";

    private final Server server = new Server();
    private final URI base;

    SecurityRuntime(HttpAuthenticationMechanism mechanism) throws Exception {
        HttpConfiguration lenient = new HttpConfiguration();
        lenient.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(lenient));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addServlet(new ServletHolder(new Runtime(mechanism)), "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app");
    }

    /** The address of {@code path} in the application. */
    URI uri(String path) {
        return URI.create(base + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** The credential application code authenticates with ({@value #AUTHENTICATE}, {@value #AUTHENTICATE_CODE}), or {@code null}. */
    private static Credential given(HttpServletRequest request) {
        String password = request.getHeader(AUTHENTICATE);
        if (password != null) {
            int colon = password.indexOf(':');
            return new UsernamePasswordCredential(password.substring(0, colon), password.substring(colon + 1));
        }
        String code = request.getHeader(AUTHENTICATE_CODE);
        String named = request.getHeader(AUTHENTICATE_NAMED);
        if (code == null && named == null) {
            return null;
        }
        String[] parts = (code != null ? code : URLDecoder.decode(named, StandardCharsets.UTF_8)).split(":", 3);
        return code != null ? new CodeCredential(parts[0], parts[1], parts[2])
                : new CodeLogin("(null)".equals(parts[0]) ? null : parts[0], new Password(parts[1]), parts[2]);
    }

    private static final class Runtime extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient HttpAuthenticationMechanism mechanism;

        Runtime(HttpAuthenticationMechanism mechanism) {
            this.mechanism = mechanism;
        }

        @Override
        protected void service(HttpServletRequest sent, HttpServletResponse response) throws IOException {
            String session = sent.getHeader(SESSION);
            HttpServletRequest request = session == null ? sent : new HttpServletRequestWrapper(sent) {
                @Override
                public Principal getUserPrincipal() {
                    return () -> session;
                }
            };
            AuthenticationStatus status;
            try {
                status = mechanism.validateRequest(request, response, new MechanismCall(request, response));
                Credential given = given(request);
                if (given != null && status != AuthenticationStatus.SEND_CONTINUE && status != AuthenticationStatus.SUCCESS) {
                    status = mechanism.validateRequest(request, response, new MechanismCall(request, response, given));
                }
            } catch (AuthenticationException | RuntimeException e) {
                response.sendError(500, String.valueOf(e.getMessage()));
                return;
            }
            if (status != AuthenticationStatus.SEND_CONTINUE) {
                response.setContentType("text/plain");
                response.getWriter().print("status=" + status + " caller=" + request.getAttribute("caller")
                        + " outcome=" + request.getAttribute("com.playtcha.outcome")
                        + " spent=" + request.getAttribute(DecisionAttributes.TOKEN_SPENT));
            }
        }
    }
}
