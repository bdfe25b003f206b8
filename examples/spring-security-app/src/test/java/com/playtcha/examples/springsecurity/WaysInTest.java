package com.playtcha.examples.springsecurity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every way into the example (issue 63): once bob is at his limit, each tokenless guess is refused with the
 * user store not asked, on the JSON login (the manager of {@code AuthenticationConfiguration}), the form
 * login, HTTP Basic on the pages' chain and on the API's chain (its own manager); and a remember-me cookie
 * logs its owner in, in a new session, with no token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "playtcha.timeout=10s") // a loaded machine's first verify may take seconds; this test is not about speed
class WaysInTest {

    private static final PlaytchaSimulator PLAYTCHA = PlaytchaSimulator.start();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    /** How many times the user store was asked for an account: once per password checked. */
    static final AtomicInteger LOOKUPS = new AtomicInteger();

    @DynamicPropertySource
    static void playtcha(DynamicPropertyRegistry properties) {
        properties.add("playtcha.api-url", () -> PLAYTCHA.url().toString());
        properties.add("playtcha.secret", PLAYTCHA::secret);
    }

    /** The example's user store, counted. */
    @TestConfiguration
    static class CountedStore {
        @Bean
        static BeanPostProcessor countedUsers() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof UserDetailsService users && name.equals("users")) {
                        return (UserDetailsService) account -> {
                            LOOKUPS.incrementAndGet();
                            return users.loadUserByUsername(account);
                        };
                    }
                    return bean;
                }
            };
        }
    }

    @Value("${local.server.port}")
    int port;

    private HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    /** The JSON login as a script posts it: the session's CSRF token from {@code /api/csrf} in the header it names. */
    private HttpResponse<String> json(String user, String password) throws Exception {
        HttpClient script = browser();
        Matcher csrf = Pattern.compile("\"headerName\":\"([^\"]+)\",\"token\":\"([^\"]+)\"|\"token\":\"([^\"]+)\",\"headerName\":\"([^\"]+)\"")
                .matcher(send(script, to("/api/csrf")).body());
        assertTrue(csrf.find(), "the CSRF token");
        String header = csrf.group(1) != null ? csrf.group(1) : csrf.group(4);
        String token = csrf.group(1) != null ? csrf.group(2) : csrf.group(3);
        return send(script, to("/api/session").header("Content-Type", "application/json").header("Accept", "application/json")
                .header(header, token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")));
    }

    private HttpResponse<String> basic(String path, String user, String password) throws Exception {
        return send(browser(), to(path).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
    }

    /** The login form as a browser posts it, with its CSRF field, remember-me ticked or not. */
    private HttpResponse<String> form(HttpClient browser, String user, String password, String token, boolean remember)
            throws Exception {
        Matcher csrf = CSRF.matcher(send(browser, to("/login")).body());
        assertTrue(csrf.find(), "the page has its CSRF field");
        String form = "username=" + user + "&password=" + password + (remember ? "&remember-me=on" : "") + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                + (token == null ? "" : "&playtcha-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return send(browser, to("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void atItsLimit_anAccountsTokenlessGuessesAreRefused_onEveryWayIn_withTheStoreNotAsked() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(401, json("bob", "wrong" + i).statusCode());
        }
        LOOKUPS.set(0);

        for (String password : new String[] {"guess", "secret"}) {
            HttpResponse<String> viaJson = json("bob", password);
            assertEquals(403, viaJson.statusCode(), viaJson::body);
            assertTrue(viaJson.body().contains("\"code\":\"token_required\""), viaJson::body);
            assertTrue(form(browser(), "bob", password, null, false).headers().firstValue("Location").orElseThrow()
                    .endsWith("/login?error"));
            assertEquals(401, basic("/", "bob", password).statusCode());
            assertEquals(401, basic("/api/basic/anything", "bob", password).statusCode());
        }
        assertEquals(0, LOOKUPS.get(), "no guess reached the user store");
    }

    @Test
    void aRememberMeCookie_logsItsOwnerIn_inANewSession_withNoToken() throws Exception {
        HttpClient first = browser();
        HttpResponse<String> login = form(first, "alice", "secret", PLAYTCHA.mintToken(), true);
        assertTrue(login.headers().firstValue("Location").orElseThrow().endsWith("/"), login::toString);
        HttpCookie rememberMe = ((CookieManager) first.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("remember-me")).findFirst().orElse(null);
        assertNotNull(rememberMe);

        CookieManager onlyIt = new CookieManager();
        onlyIt.getCookieStore().add(URI.create("http://127.0.0.1:" + port), rememberMe);
        HttpClient second = HttpClient.newBuilder().cookieHandler(onlyIt).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> home = send(second, to("/"));

        assertEquals(200, home.statusCode(), home::toString);
        assertTrue(home.body().contains(">alice<"), home::body);
        assertTrue(home.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("remember-me=;")), home::toString);
    }
}
