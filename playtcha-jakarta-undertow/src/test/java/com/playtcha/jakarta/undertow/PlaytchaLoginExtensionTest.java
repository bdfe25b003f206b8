package com.playtcha.jakarta.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.undertow.StubGuard.Seen;
import com.playtcha.jakarta.undertow.StubGuard.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WildFly login door in a real Undertow with Undertow's own container FORM login, found by
 * Undertow through the library's service file as WildFly finds it, in front of a stub guard that
 * speaks the login protocol: what reaches the realm, what opens a session, what the guard is handed.
 */
class PlaytchaLoginExtensionTest {

    private static final String LOGIN = "/j_security_check";

    @Test
    void refusedLoginPost_neverReachesTheRealm_andOpensNoSession() throws Exception {
        StubGuard guard = new StubGuard(Verdict.REFUSE);
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(guard)) {
            HttpResponse<String> refused = new Browser().post(app.uri(LOGIN),
                    "j_username", "alice", "j_password", "secret", "playtcha-token", "junk");

            assertEquals(403, refused.statusCode());
            assertEquals("refused by the guard", refused.body());
            assertEquals(0, app.passwordChecks());
            assertEquals(List.of(), refused.headers().allValues("Set-Cookie"));
            assertEquals(List.of(new Seen("POST", "/app/j_security_check", "junk", "/login-error")), guard.seen());
        }
    }

    @Test
    void continuedLoginPost_asksTheRealmOnce_andLogsIn() throws Exception {
        StubGuard guard = new StubGuard(Verdict.GO_ON);
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(guard)) {
            Browser browser = new Browser();
            assertEquals("login page", browser.get(app.uri("/secure/whoami")).body());

            HttpResponse<String> login = browser.post(app.uri(LOGIN),
                    "j_username", "alice", "j_password", "secret", "playtcha-token", "good");

            assertEquals(302, login.statusCode());
            assertEquals(app.uri("/secure/whoami").toString(), login.headers().firstValue("Location").orElseThrow());
            assertEquals(1, app.passwordChecks());
            assertEquals("user=alice", browser.get(app.uri("/secure/whoami")).body());
            // The guard read the form first; Undertow's FORM login still read the credentials.
            assertEquals(List.of(new Seen("POST", "/app/j_security_check", "good", "/login-error")), guard.seen());
            assertEquals(List.of(true), guard.outcomes(1), "the realm accepted the password");
        }
    }

    @Test
    void continuedLoginPost_withAWrongPassword_showsUndertowsErrorPage() throws Exception {
        StubGuard guard = new StubGuard(Verdict.GO_ON);
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(guard)) {
            HttpResponse<String> failed = new Browser().post(app.uri(LOGIN), "j_username", "alice", "j_password", "wrong");

            assertEquals("login failed", failed.body());
            assertEquals(1, app.passwordChecks());
            assertEquals(List.of(false), guard.outcomes(1), "the realm refused the password");
        }
    }

    @Test
    void refusedLoginPost_reportsNoOutcome() throws Exception {
        StubGuard guard = new StubGuard(Verdict.REFUSE);
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(guard)) {
            new Browser().post(app.uri(LOGIN), "j_username", "alice", "j_password", "wrong");

            assertEquals(List.of(), guard.outcomes());
            assertEquals(0, app.passwordChecks());
        }
    }

    /** No password checked, nothing reported: a GET (no FORM mechanism takes one), a session already logged in. */
    @Test
    void loginPostsThatCheckNoPassword_reportNoOutcome() throws Exception {
        StubGuard guard = new StubGuard(Verdict.GO_ON);
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(guard)) {
            Browser browser = new Browser();
            browser.get(app.uri(LOGIN + "?j_username=alice&j_password=wrong"));
            browser.get(app.uri("/secure/whoami"));
            browser.post(app.uri(LOGIN), "j_username", "alice", "j_password", "secret");
            assertEquals(List.of(true), guard.outcomes(1));

            browser.post(app.uri(LOGIN), "j_username", "alice", "j_password", "wrong");

            assertEquals(1, app.passwordChecks(), "Undertow took the session's login, not the password");
            assertEquals(List.of(true), guard.outcomes());
        }
    }

    @Test
    void withoutAGuard_theLoginIsUndertowsOwn() throws Exception {
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(null)) {
            Browser browser = new Browser();
            browser.get(app.uri("/secure/whoami"));
            HttpResponse<String> login = browser.post(app.uri(LOGIN), "j_username", "alice", "j_password", "secret");

            assertEquals(302, login.statusCode());
            assertEquals(1, app.passwordChecks());
            assertEquals("user=alice", browser.get(app.uri("/secure/whoami")).body());
        }
    }

    @Test
    void aFailingGuard_failsTheRequest_andTheRealmIsNotAsked() throws Exception {
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(new StubGuard(Verdict.FAIL))) {
            HttpResponse<String> failed = new Browser().post(app.uri(LOGIN), "j_username", "alice", "j_password", "secret");

            assertEquals(500, failed.statusCode());
            assertEquals(0, app.passwordChecks());
        }
    }

    @Test
    void aGuardThatIsNoFilter_failsTheLoginPost_insteadOfLettingItThrough() throws Exception {
        try (FormLoginUndertow app = FormLoginUndertow.start(
                context -> context.setAttribute(LoginProtocol.GUARD, "not a filter"))) {
            HttpResponse<String> failed = new Browser().post(app.uri(LOGIN), "j_username", "alice", "j_password", "secret");

            assertEquals(500, failed.statusCode());
            assertEquals(0, app.passwordChecks());
        }
    }

    @Test
    void theDoorAnnouncesItself_beforeTheApplicationsInitializersRun() throws Exception {
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(null)) {
            assertEquals("undertow", app.hookSeenAtStartup());
            assertEquals("undertow", app.servletContext().getAttribute("com.playtcha.jakarta.login.hook"));
            assertEquals(Boolean.TRUE, app.servletContext().getAttribute("com.playtcha.jakarta.login.outcomes"));
        }
    }

    @Test
    void loginPostsOfAnyMethodAndPlace_areHandedToTheGuard() throws Exception {
        StubGuard guard = new StubGuard(Verdict.REFUSE);
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(guard)) {
            Browser browser = new Browser();
            List<Integer> statuses = List.of(
                    browser.get(app.uri(LOGIN)).statusCode(),
                    browser.send("PUT", app.uri(LOGIN)).statusCode(),
                    browser.post(app.uri("/deep/er/j_security_check")).statusCode(),
                    browser.post(app.uri("/j_security_check;jsessionid=abc")).statusCode(),
                    browser.post(app.uri("/j_security_%63heck")).statusCode(),
                    browser.post(app.uri("/x%2Fj_security_check")).statusCode());

            assertEquals(List.of(403, 403, 403, 403, 403, 403), statuses);
            assertEquals(List.of("GET", "PUT", "POST", "POST", "POST", "POST"), guard.seen().stream().map(Seen::method).toList());
            assertEquals(0, app.passwordChecks());
        }
    }

    @Test
    void otherRequests_areNotHandedToTheGuard() throws Exception {
        StubGuard guard = new StubGuard(Verdict.REFUSE);
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(guard)) {
            Browser browser = new Browser();
            List<String> answers = List.of(
                    browser.get(app.uri("/page")).body(),
                    browser.post(app.uri("/signup"), "playtcha-token", "x").body(),
                    browser.post(app.uri("/j_security_check_not")).body(),
                    browser.post(app.uri("/j_security_check/more")).body(),
                    browser.post(app.uri("/xj_security_check")).body(),
                    browser.get(app.uri("/login.html")).body());

            assertEquals(List.of("echo GET", "echo POST", "echo POST", "echo POST", "echo POST", "login page"), answers);
            assertEquals(List.of(), guard.seen());
        }
    }

    @Test
    void theServiceFile_namesTheExtension_soWildFlyFindsIt() throws IOException {
        List<String> named = new ArrayList<>();
        for (URL file : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/services/io.undertow.servlet.ServletExtension"))) {
            try (InputStream in = file.openStream()) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(named::add);
            }
        }
        assertEquals(List.of(PlaytchaLoginExtension.class.getName()), named);
        assertTrue(io.undertow.servlet.ServletExtension.class.isAssignableFrom(PlaytchaLoginExtension.class));
        // No annotation, so no bean-defining one: a CDI container with annotated discovery passes it by.
        assertEquals(0, PlaytchaLoginExtension.class.getAnnotations().length + PlaytchaLoginHandler.class.getAnnotations().length);
    }
}
