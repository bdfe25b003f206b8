package com.playtcha.jakarta.servlet;

import com.playtcha.jakarta.core.VerifierThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.TrustStoreFiles;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A misconfigured filter fails the deployment, with a message that names the key at fault. In an
 * embedded Jetty 12 {@code ServletContextHandler}, {@code Server.start()} throws the filter's
 * {@link ServletException} itself (there is no "unavailable" state to look for, unlike a
 * {@code WebAppContext} without {@code throwUnavailableOnStartupException}).
 */
class DeploymentFailureTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    /**
     * @param problem  what is wrong, as the report shows it
     * @param change   init-param to set (or, with a {@code null} value, to remove) on a working filter
     * @param names    what the message must contain: the key, and what a valid value looks like
     */
    record BadSetting(String problem, Map<String, String> change, String... names) {
        @Override
        public String toString() {
            return problem;
        }
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                new BadSetting("missing secret", withOut("secret"), "playtcha.secret", "PLAYTCHA_SECRET"),
                new BadSetting("blank secret", Map.of("secret", "  "), "playtcha.secret"),
                new BadSetting("unknown init-param", Map.of("fail-open", "true"), "unknown init-param 'fail-open'",
                        "fail-closed"),
                new BadSetting("init-param with the playtcha. prefix", Map.of("playtcha.mode", "observe"),
                        "unknown init-param 'playtcha.mode'"),
                new BadSetting("bare-number timeout", Map.of("timeout", "3"), "playtcha.timeout", "3s"),
                new BadSetting("unparsable connect-timeout", Map.of("connect-timeout", "soon"), "playtcha.connect-timeout"),
                new BadSetting("connect-timeout over timeout", Map.of("timeout", "1s", "connect-timeout", "2s"),
                        "playtcha.connect-timeout"),
                new BadSetting("api-url with ftp", Map.of("api-url", "ftp://api.playtcha.com"), "playtcha.api-url"),
                new BadSetting("api-url that is no URL", Map.of("api-url", "api playtcha com"), "playtcha.api-url"),
                new BadSetting("relative api-url", Map.of("api-url", "/v1"), "playtcha.api-url"),
                new BadSetting("reject-status 200", Map.of("reject-status", "200"), "playtcha.reject-status", "400 to 499"),
                new BadSetting("reject-status not a number", Map.of("reject-status", "forbidden"), "playtcha.reject-status"),
                new BadSetting("method with a character no method has", Map.of("methods", "POST,GE/T"), "playtcha.methods",
                        "'GE/T' is not an HTTP method name", "like POST,PUT,PATCH,DELETE"),
                new BadSetting("unsafe with other methods", Map.of("methods", "unsafe,POST"), "playtcha.methods", "unsafe"),
                new BadSetting("api-url of the verify endpoint", Map.of("api-url", "http://127.0.0.1:9/v1/verify"),
                        "playtcha.api-url", "use 'http://127.0.0.1:9' instead"),
                new BadSetting("fail-closed yes", Map.of("fail-closed", "yes"), "playtcha.fail-closed"),
                new BadSetting("unknown mode", Map.of("mode", "enforcing"), "playtcha.mode"),
                new BadSetting("max-connections 0", Map.of("max-connections", "0"), "playtcha.max-connections"),
                new BadSetting("token-header with a space", Map.of("token-header", "Playtcha Token"), "playtcha.token-header"),
                new BadSetting("url-patterns as an init-param", Map.of("url-patterns", "/signup/*"),
                        "playtcha.url-patterns", "MicroProfile Config"),
                new BadSetting("proxy port out of range", Map.of("proxy.host", "proxy.example", "proxy.port", "70000"),
                        "playtcha.proxy.port", "like 3128"),
                new BadSetting("proxy password without a user", Map.of("proxy.host", "proxy.example", "proxy.port", "3128",
                        "proxy.password", "pw"), "playtcha.proxy.password", "playtcha.proxy.user"),
                new BadSetting("trust store that does not exist", Map.of("trust-store.path", "/nonexistent/proxy-ca.p12"),
                        "playtcha.trust-store.path", "cannot be read", "like /etc/myapp/proxy-ca.p12"),
                new BadSetting("trust store with a wrong password", Map.of("trust-store.path", trustStore(),
                        "trust-store.password", "not-its-password"), "playtcha.trust-store.password", "wrong password"))
                .map(Arguments::of);
    }

    private static String trustStore() {
        try {
            Path directory = Files.createTempDirectory("playtcha-trust");
            directory.toFile().deleteOnExit();
            Path file = TrustStoreFiles.write(directory, "proxy-ca.p12", "PKCS12", "its-password");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> withOut(String name) {
        Map<String, String> change = new LinkedHashMap<>();
        change.put(name, null);
        return change;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSetting_failsTheDeployment_namingTheKey(BadSetting bad) {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        Map<String, String> params = new LinkedHashMap<>(EmbeddedJetty.settings(sim));
        bad.change().forEach((name, value) -> {
            if (value == null) {
                params.remove(name);
            } else {
                params.put(name, value);
            }
        });
        VerifierThreads threads = VerifierThreads.snapshot();

        Exception thrown = assertThrows(Exception.class, () -> EmbeddedJetty.start(context -> {
            context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("signup-guard", params), "/signup/*");
        }).close());

        ServletException failure = assertInstanceOf(ServletException.class, thrown, () -> "Jetty threw " + thrown);
        String message = failure.getMessage();
        assertTrue(message.startsWith("PlaytchaFilter 'signup-guard': "), message);
        for (String name : bad.names()) {
            assertTrue(message.contains(name), () -> "'" + name + "' missing from: " + message);
        }
        assertInstanceOf(InvalidSettingException.class, failure.getCause());
        assertFalse(message.contains(sim.secret()), "the secret must not appear in a deployment error");
        assertFalse(message.contains("not-its-password") || message.contains("=pw"), "nor a password: " + message);
        assertEquals(0, threads.started().size(), "no verifier is built from settings that do not validate");
    }

    @Test
    void badFilterNextToAGoodOne_failsTheDeployment_andLeavesNoVerifierRunning() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        VerifierThreads threads = VerifierThreads.snapshot();

        Exception thrown = assertThrows(Exception.class, () -> EmbeddedJetty.start(context -> {
            context.addServlet(new ServletHolder("app", new EchoServlet()), "/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("good", EmbeddedJetty.settings(sim)), "/signup/*");
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("bad", EmbeddedJetty.settings(sim, "mode", "strict")), "/payment/*");
        }).close());

        assertTrue(thrown.getMessage().contains("PlaytchaFilter 'bad': playtcha.mode"), thrown::toString);
        assertEquals(List.of(), threads.leftAfter(Duration.ofSeconds(5)),
                "the good filter's verifier must be closed when the deployment fails");
    }
}
