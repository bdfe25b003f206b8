package com.playtcha.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the root README, compiled as written against this module's test
 * class path and run: each is set in the smallest class that gives it what the README's prose says
 * it has (the CDI snippet its request and form, the plain-Java one a request's token, client address
 * and path), and nothing of the snippet is changed. A snippet this test does not know fails it, so
 * a new one gets a runner here. The web.xml block is deployed by examples/webxml-app's
 * {@code ReadmeQuickStartTest}; the {@code @PlaytchaProtected} resource is compiled by
 * playtcha-jakarta-rest's {@code RestDocTest}, where the annotation lives.
 */
class ReadmeSnippetsTest {

    static final Path README = Path.of("..", "README.md");
    /** The {@code @PlaytchaProtected} snippet, which playtcha-jakarta-rest's {@code RestDocTest} compiles. */
    static final String REST_SNIPPET = "RestSnippet (playtcha-jakarta-rest's RestDocTest)";
    static final String IMPORTS = """
            package readme;

            import com.playtcha.jakarta.core.*;
            import com.playtcha.jakarta.testing.Fault;
            import com.playtcha.jakarta.testing.PlaytchaSimulator;
            import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
            import jakarta.inject.Inject;
            import jakarta.servlet.http.HttpServletRequest;
            import jakarta.ws.rs.BadRequestException;
            import jakarta.ws.rs.WebApplicationException;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.api.extension.ExtendWith;

            """;

    @TempDir
    Path classes;

    private PlaytchaSimulator playtcha;
    private ClassLoader compiled;

    @BeforeEach
    void compileEverySnippet() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> runners = new ArrayList<>();
        for (String snippet : snippets(Files.readString(README))) {
            String runner;
            if (snippet.contains("@Inject PlaytchaVerifier")) {
                runner = "CdiSnippet";
                sources.put(runner, cdi(snippet));
            } else if (snippet.contains("PlaytchaSettings.builder(")) {
                runner = "PlainJavaSnippet";
                sources.put(runner, plainJava(snippet));
            } else if (snippet.contains("@ExtendWith(PlaytchaSimulatorExtension.class)")) {
                runner = "SignupTest";
                sources.put(runner, IMPORTS + snippet);
            } else if (snippet.contains("@PlaytchaProtected")) {
                runner = REST_SNIPPET; // not compiled here: the annotation is not on this class path
            } else {
                throw new AssertionError("README.md has a Java snippet this test cannot run yet; teach it:\n" + snippet);
            }
            runners.add(runner);
        }
        assertEquals(List.of("CdiSnippet", "PlainJavaSnippet", "SignupTest", REST_SNIPPET), runners,
                "the README's Java snippets, in order");
        compiled = compile(sources);
        playtcha = PlaytchaSimulator.start();
    }

    @AfterEach
    void close() throws IOException {
        if (playtcha != null) {
            playtcha.close();
        }
        if (compiled instanceof URLClassLoader loader) {
            loader.close();
        }
    }

    @Test
    void cdiSnippet_turnsARejectedToken_intoItsDecidedStatus_andLetsAGoodOneThrough() throws Exception {
        Class<?> type = compiled.loadClass("readme.CdiSnippet");
        Object bean = newInstance(type);
        Class<?> form = compiled.loadClass("readme.CdiSnippet$Form");
        Method handle = type.getMethod("handle", form, HttpServletRequest.class);
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> "192.0.2.7";
                    case "getRequestURI" -> "/signup";
                    default -> null;
                });
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(PlaytchaSettings.builder(playtcha.secret())
                .apiUrl(playtcha.url()).build())) {
            Field injected = type.getDeclaredField("verifier");
            injected.setAccessible(true);
            injected.set(bean, verifier); // what CDI's @Inject does

            String redeemed = playtcha.mintRedeemedToken();
            InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
                    () -> handle.invoke(bean, form(form, redeemed), request));
            handle.invoke(bean, form(form, playtcha.mintToken()), request);

            WebApplicationException refused = assertInstanceOf(WebApplicationException.class, thrown.getCause());
            assertEquals("captcha: already_redeemed", refused.getMessage());
            assertEquals(403, refused.getResponse().getStatus(), "the decision's status: reject-status");
            assertEquals(2, playtcha.callCount());
        }
    }

    @Test
    void plainJavaSnippet_blocksAMissingToken_withTheDecisionsStatus_withoutCallingPlaytcha() throws Exception {
        Method run = compiled.loadClass("readme.PlainJavaSnippet").getMethod("run", String.class, String.class, String.class);

        // no token: rejected before any call, so the default api-url is never reached
        for (String token : new String[] {null, ""}) {
            Verification v = (Verification) run.invoke(null, token, "192.0.2.7", "/signup");
            assertFalse(v.proceeds(), "the snippet's if blocks it");
            assertEquals(403, v.decision().status(), "blocked with the decision's status: reject-status");
            assertEquals(VerificationResult.MISSING_TOKEN, v.result().errorCode());
            assertNull(v.ledgerEntry(), "nothing failed open");
        }
    }

    @Test
    void testSnippet_runsAgainstTheSimulator_asItsExtensionWouldRunIt() throws Exception {
        Class<?> type = compiled.loadClass("readme.SignupTest");
        Object test = newInstance(type);
        Method method = type.getDeclaredMethod("replayedToken_isRejected", PlaytchaSimulator.class);
        method.setAccessible(true);

        method.invoke(test, playtcha); // mints a token and queues a fault; it leaves the verify to the reader's app

        assertEquals(0, playtcha.callCount());
    }

    /** The contents of every {@code ```java} block. */
    static List<String> snippets(String markdown) {
        return SnippetCompiler.javaBlocks(markdown);
    }

    /** The README's injected field stays a field; the rest is the body of the method that handles the post. */
    static String cdi(String snippet) {
        StringBuilder fields = new StringBuilder();
        StringBuilder body = new StringBuilder();
        snippet.lines().forEach(line -> (line.startsWith("@Inject") ? fields : body).append("        ").append(line).append('\n'));
        return IMPORTS + """
                public class CdiSnippet {
                    public interface Form { String getToken(); }
                %s
                    public void handle(Form form, HttpServletRequest request) {
                %s    }
                }
                """.formatted(fields, body);
    }

    /**
     * The README's lines as a method's body, given the request's {@code token}, {@code clientAddress} and
     * {@code path}, returning the snippet's {@code v}. Its {@code System.getenv} is this class's, which knows {@code PLAYTCHA_SECRET}, so that
     * the test needs no environment.
     */
    static String plainJava(String snippet) {
        return IMPORTS + """
                public class PlainJavaSnippet {
                    static final class System {
                        static String getenv(String name) { return name.equals("PLAYTCHA_SECRET") ? "sk_test_readme" : null; }
                    }
                    public static Verification run(String token, String clientAddress, String path) {
                %s
                        verifier.close();
                        return v;
                    }
                }
                """.formatted(snippet.indent(8));
    }

    private ClassLoader compile(Map<String, String> sources) throws IOException {
        return SnippetCompiler.compile("README.md", "readme", sources, classes, getClass().getClassLoader());
    }

    private static Object newInstance(Class<?> type) throws ReflectiveOperationException {
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private static Object form(Class<?> form, String token) {
        return Proxy.newProxyInstance(form.getClassLoader(), new Class<?>[] {form},
                (proxy, method, args) -> method.getName().equals("getToken") ? token : null);
    }
}
