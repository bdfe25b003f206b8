package com.playtcha.examples.webxml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root README's quick-start web.xml, as written: the first {@code xml} block that declares
 * PlaytchaFilter is wrapped into a web.xml (with one servlet behind it, the user's application) and
 * deployed in Jetty 12 ee10. The operator supplies the secret and api-url as the system properties
 * {@code playtcha.secret} and {@code playtcha.api-url}, as the README says for apps without
 * MicroProfile Config. If the README changes the snippet, this test deploys the new one.
 */
class ReadmeQuickStartTest {

    static final Path README = Path.of("../../README.md");
    static final String FILTER_CLASS = "<filter-class>com.playtcha.jakarta.servlet.PlaytchaFilter</filter-class>";

    private PlaytchaSimulator playtcha;
    private Server server;
    private String snippet;

    /** The user's servlet behind the filter: says what the filter told it. */
    public static class Application extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getParameterMap(); // reads the post, as an application does, so the connection stays reusable
            response.setContentType("text/plain");
            response.getWriter().print(request.getMethod() + " " + request.getRequestURI() + " outcome="
                    + request.getAttribute("com.playtcha.outcome"));
        }
    }

    @BeforeEach
    void deployTheSnippet(@TempDir Path webapp) throws Exception {
        snippet = quickStartSnippet(Files.readString(README));
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                  <servlet><servlet-name>application</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>application</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(snippet, Application.class.getName()));

        playtcha = PlaytchaSimulator.start();
        server = new Server();
        // One request a connection: the test's shared HttpClient must never send on a connection Jetty
        // closed (after answering a POST whose body it had not read, after its idle timeout, or a
        // stopped server's port), which fails as "header parser received no bytes". "Connection:
        // close" on every answer keeps the client from pooling any.
        HttpConfiguration http = new HttpConfiguration();
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext app = new WebAppContext(webapp.toString(), "/");
        app.setParentLoaderPriority(true);
        app.setThrowUnavailableOnStartupException(true);
        server.setHandler(app);
        System.setProperty("playtcha.secret", playtcha.secret());
        System.setProperty("playtcha.api-url", playtcha.url().toString());
        server.start();
    }

    @AfterEach
    void undeploy() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            System.clearProperty("playtcha.secret");
            System.clearProperty("playtcha.api-url");
            if (playtcha != null) {
                playtcha.close();
            }
        }
    }

    static String quickStartSnippet(String readme) {
        Matcher blocks = Pattern.compile("```xml\\R(.*?)```", Pattern.DOTALL).matcher(readme);
        while (blocks.find()) {
            if (blocks.group(1).contains(FILTER_CLASS)) {
                return blocks.group(1);
            }
        }
        throw new AssertionError("README.md has no ```xml block with " + FILTER_CLASS);
    }

    @Test
    void snippet_guardsTheMappedUrl_againstTheSimulator() throws Exception {
        HttpResponse<String> noToken = Http.postForm(uri("/signup"), "email", "ada@example.org");
        HttpResponse<String> used = Http.postForm(uri("/signup/confirm"), "playtcha-token", playtcha.mintRedeemedToken());
        HttpResponse<String> good = Http.postForm(uri("/signup"), "playtcha-token", playtcha.mintToken());

        assertEquals(403, noToken.statusCode(), noToken.body());
        assertEquals(403, used.statusCode(), used.body());
        assertEquals(200, good.statusCode(), good.body());
        assertEquals("POST /signup outcome=verified", good.body());
        assertEquals(2, playtcha.callCount());
    }

    @Test
    void snippet_leavesGetAndUnmappedUrlsAlone() throws Exception {
        assertEquals("GET /signup outcome=null", Http.get(uri("/signup")).body());
        assertEquals("POST /contact outcome=null", Http.postForm(uri("/contact"), "message", "hi").body());
        assertEquals(0, playtcha.callCount());
    }

    @Test
    void snippet_initParam_isApplied() {
        PlaytchaFilter filter = (PlaytchaFilter) ((WebAppContext) server.getHandler()).getServletHandler()
                .getFilter("playtcha").getFilter();
        assertNotNull(filter, snippet);
        assertEquals(Duration.ofSeconds(2), filter.settings().timeout());
        assertEquals(playtcha.url().toString(), filter.settings().apiUrl().toString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }
}
