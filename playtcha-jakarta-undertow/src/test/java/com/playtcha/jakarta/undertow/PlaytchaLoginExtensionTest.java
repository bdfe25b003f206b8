package com.playtcha.jakarta.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.door.DoorContract;
import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.door.StubGuard;
import jakarta.servlet.Filter;
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
 * Undertow through the library's service file as WildFly finds it, in front of a {@link StubGuard}: the
 * door contract every door passes ({@link DoorContract}), then what is Undertow's own (its rule for a
 * login post, the posts that check no password, its error page, the service file).
 */
class PlaytchaLoginExtensionTest extends DoorContract {

    private static final String LOGIN = "/j_security_check";

    @Override
    protected String door() {
        return "undertow";
    }

    @Override
    protected DoorApp start(Filter guard) throws Exception {
        return FormLoginUndertow.guardedBy(guard);
    }

    @Test
    void undertow_takesTheLastSegmentJSecurityCheck_withoutItsPathParameters() {
        List<String> login = List.of("/j_security_check", "/a/b/j_security_check", "/j_security_check;jsessionid=1",
                "/x;p=1/j_security_check", "/j_security_check;");
        List<String> other = List.of("/", "", "/j_security_check/", "/j_security_checks", "/aj_security_check",
                "/j_security_check/x", "/j_security_chec", "/j_security_check;x/y", "/J_SECURITY_CHECK", "/a;j_security_check");
        assertEquals(List.of(), login.stream().filter(path -> !PlaytchaLoginHandler.endsInAction(path)).toList());
        assertEquals(List.of(), other.stream().filter(PlaytchaLoginHandler::endsInAction).toList());
        assertFalse(PlaytchaLoginHandler.endsInAction(null));
    }

    @Test
    void undertow_takesTheRelativePathsLastSegment_orTheFullyDecodedUris() {
        assertTrue(PlaytchaLoginHandler.loginPost("/x%2Fj_security_check", "/app/x%2Fj_security_check"));
        assertTrue(PlaytchaLoginHandler.loginPost("/x%2fj_security_check", "/app/x%2fj_security_check"));
        assertTrue(PlaytchaLoginHandler.loginPost("/j_security_check", "/app/j_security_%63heck"));
        assertTrue(PlaytchaLoginHandler.loginPost("/j_security_check;x", "/app/j_security_check%3Bx"));
        assertFalse(PlaytchaLoginHandler.loginPost("/j_security_check%2F", "/app/j_security_check%2F"));
        assertFalse(PlaytchaLoginHandler.loginPost("/x%", "/app/x%"));
        assertTrue(PlaytchaLoginHandler.loginPost("/x%zz/j_security_%63heck", "/app/x%zz/j_security_%63heck"),
                "a % that starts no escape is kept, as Elytron keeps it");
        assertEquals("/a%zz/b%/c\u00e9", LoginPost.decoded("/a%zz/b%/c%C3%A9", true));
        assertFalse(PlaytchaLoginHandler.loginPost("/a+b", "/app/a+b"));
    }

    @Test
    void aPostThatGoesOn_withAWrongPassword_showsUndertowsErrorPage() throws Exception {
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(new StubGuard())) {
            HttpResponse<String> failed = new Browser().post(app.uri(LOGIN), "j_username", "alice", "j_password", "wrong");

            assertEquals("login failed", failed.body());
            assertEquals(1, app.passwordChecks());
        }
    }

    /** No password checked, nothing reported: a GET (no FORM mechanism takes one), a session already logged in. */
    @Test
    void loginPostsThatCheckNoPassword_reportNoOutcome() throws Exception {
        StubGuard guard = new StubGuard();
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
    void loginPostsOfAnyMethod_areHandedToTheGuard_andNoOtherRequest() throws Exception {
        StubGuard guard = new StubGuard();
        try (FormLoginUndertow app = FormLoginUndertow.guardedBy(guard)) {
            Browser browser = new Browser();
            assertEquals(StubGuard.REFUSAL, browser.request("PUT", app.uri(LOGIN), null, StubGuard.HEADER, "refuse").body());
            List<String> answers = List.of(
                    browser.request("GET", app.uri("/page"), null, StubGuard.HEADER, "refuse").body(),
                    browser.request("POST", app.uri("/signup"), "playtcha-token=x", StubGuard.HEADER, "refuse").body(),
                    browser.get(app.uri("/login.html")).body());

            assertEquals(List.of("echo GET", "echo POST", "login page"), answers);
            assertEquals(List.of("PUT"), guard.calls().stream().map(StubGuard.Call::method).toList());
            assertEquals(0, app.passwordChecks());
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
