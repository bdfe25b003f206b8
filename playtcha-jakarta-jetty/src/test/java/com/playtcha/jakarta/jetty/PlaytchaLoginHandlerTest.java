package com.playtcha.jakarta.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.spi.door.DoorContract;
import com.playtcha.jakarta.spi.door.DoorContract.Reply;
import com.playtcha.jakarta.spi.door.StubGuard;
import jakarta.servlet.Filter;
import java.net.URI;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The door over a real FORM login (embedded Jetty 12 ee10, loopback) in front of a {@link StubGuard}: the
 * door contract every door passes ({@link DoorContract}), then what is Jetty's own: the guard asked in
 * describe mode and its refusal answered by the door (the envelope, the form-error page in place or by
 * redirect, the application's error page for a bare status), Jetty's rule for a login post, the handler
 * inserted twice or outside a context.
 */
class PlaytchaLoginHandlerTest extends DoorContract {

    private static final String[] HTML = {"Accept", "text/html"};

    private FormLoginServer server;

    @Override
    protected String door() {
        return "jetty";
    }

    @Override
    protected DoorApp start(Filter guard) throws Exception {
        FormLoginServer started = new FormLoginServer(false, true);
        if (guard != null) {
            started.guard(guard);
        }
        return started;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A post with a wrong password, after {@code StubGuard}'s header and value and the {@code Accept} of a page. */
    private Reply post(String... guardHeaders) throws Exception {
        String[] headers = new String[guardHeaders.length + 2];
        System.arraycopy(guardHeaders, 0, headers, 0, guardHeaders.length);
        System.arraycopy(HTML, 0, headers, guardHeaders.length, 2);
        return server.send("POST", "/j_security_check", "j_username=alice&j_password=wrong&playtcha-token=tok_1", headers);
    }

    @Test
    void jetty_takesTheActionFollowedByItsEndOrASeparator() {
        for (String path : List.of("/j_security_check", "/a/j_security_check", "/j_security_check;x=y",
                "/j_security_check/", "/j_security_check/tail", "/x/j_security_checkz/j_security_check")) {
            assertTrue(PlaytchaLoginHandler.loginPost(path), path);
        }
        for (String path : List.of("/", "/login", "/j_security_checker", "/j_security_check.html", "j_security_check",
                "/xj_security_check")) {
            assertFalse(PlaytchaLoginHandler.loginPost(path), path);
        }
        assertFalse(PlaytchaLoginHandler.loginPost(null));
    }

    @Test
    void theGuardIsAskedInDescribeMode_andNothingIsWrittenMeanwhile() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = new StubGuard();
        server.guard(guard);

        post(StubGuard.HEADER, "forward");

        assertTrue(guard.calls().get(0).describe());
        assertFalse(guard.committedAfterLastCall(), "in describe mode nothing is written while the guard runs");
    }

    @Test
    void aBareRefusal_answersTheStatus_withJettysOwnPage_andStartsNoSession() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(new StubGuard());

        Reply response = server.send("POST", "/j_security_check", "j_username=alice&j_password=secret",
                StubGuard.HEADER, "bare", "Accept", "text/html");

        assertEquals(403, response.status());
        assertEquals(0, server.passwordChecks());
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), "no session: " + response.headers());
        assertEquals("false", response.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertTrue(response.body().contains("Error 403"), "no <error-page> for 403: Jetty's own: " + response.body());
    }

    @Test
    void aJsonRefusal_isAnswered_withStatusHeadersAndEnvelope() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(new StubGuard());

        Reply response = post(StubGuard.HEADER, "refuse", StubGuard.STATUS, "429");

        assertEquals(429, response.status());
        assertEquals(StubGuard.REFUSAL, response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("")
                .equalsIgnoreCase("application/json;charset=UTF-8"), response.headers().toString());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertEquals(0, server.passwordChecks());
    }

    @Test
    void aPageRefusal_withDispatch_showsTheErrorPage_withTheStatusAndTheAttributes() throws Exception {
        server = new FormLoginServer(true, true);
        server.guard(new StubGuard());

        Reply response = post(StubGuard.HEADER, "forward", StubGuard.STATUS, "503");

        assertEquals(503, response.status());
        assertEquals("error page: code=missing_token spent=false status=503 session=false", response.body());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals(0, server.passwordChecks());
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), "no session: " + response.headers());
    }

    @Test
    void aRestartedContext_isGuardedAsBefore() throws Exception {
        server = new FormLoginServer(true, true);
        server.restartContext();
        server.guard(new StubGuard());

        Reply response = post(StubGuard.HEADER, "forward");

        assertEquals("jetty", server.announcedAtStart());
        assertEquals(403, response.status());
        assertEquals("error page: code=missing_token spent=false status=403 session=false", response.body());
        assertEquals(0, server.passwordChecks());
    }

    @Test
    void aPageRefusal_withoutDispatch_redirectsToTheErrorPage_asJettysFormLoginDoes() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(new StubGuard());

        Reply response = post(StubGuard.HEADER, "forward");

        assertEquals(303, response.status());
        assertEquals(server.uri("/login-error").getPath(),
                URI.create(response.headers().firstValue("Location").orElseThrow()).getPath());
        assertEquals("false", response.headers().firstValue("Playtcha-Token-Spent").orElse(null));
        assertEquals(0, server.passwordChecks());
    }

    @Test
    void aBareRefusal_getsTheApplicationsErrorPage_forItsStatus() throws Exception {
        server = new FormLoginServer(true, true);
        server.guard(new StubGuard());

        Reply response = post(StubGuard.HEADER, "bare", StubGuard.STATUS, "503");

        assertEquals(503, response.status());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals(0, server.passwordChecks());
        assertEquals("application error page: status=503", response.body());
    }

    @Test
    void aPostThatGoesOn_withAWrongPassword_failsAsJettySays() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(new StubGuard());

        Reply login = post();

        assertEquals(1, server.passwordChecks());
        assertEquals(303, login.status());
        assertEquals(server.uri("/login-error").getPath(), URI.create(login.headers().firstValue("Location").orElseThrow()).getPath());
    }

    @Test
    void outcomes_areToldOnce_perPostThatWentOn_alsoWhenJettyDispatchesTheErrorPage() throws Exception {
        server = new FormLoginServer(true, 2, null);
        StubGuard guard = new StubGuard();
        server.guard(guard);

        server.logIn(false);
        assertEquals(List.of(false), guard.outcomes(1));
        server.logIn(true);
        assertEquals(List.of(false, true), guard.outcomes(2));
        post();

        assertEquals(List.of(false, true, false), guard.outcomes(3), "a logged-in session is checked again by Jetty");
        assertEquals(3, server.passwordChecks());
        assertEquals(3, guard.calls().size(), "inserted twice, the guard is asked once a post");
    }

    @Test
    void withoutTheDoor_nothingIsAnnounced_andTheGuardIsNeverAsked() throws Exception {
        server = new FormLoginServer(false, false);
        StubGuard guard = new StubGuard();
        server.guard(guard);

        post(StubGuard.HEADER, "refuse");

        assertNull(server.announcedAtStart());
        assertEquals(List.of(), guard.calls());
        assertEquals(1, server.passwordChecks(), "what the door is for: without it the password is checked");
    }

    @Test
    void otherPaths_areNotHandedOver() throws Exception {
        server = new FormLoginServer(false, true);
        StubGuard guard = new StubGuard();
        server.guard(guard);

        assertEquals("other", server.send("POST", "/other", "j_username=alice", StubGuard.HEADER, "refuse").body());
        assertEquals("login page", server.send("GET", "/login.html", null, StubGuard.HEADER, "refuse").body());

        assertEquals(List.of(), guard.calls());
    }

    @Test
    void withoutAGuard_Jetty_logsInWhereverItLikes() throws Exception {
        server = new FormLoginServer(false, true);

        server.send("POST", "/j_security_check/more", "j_username=alice&j_password=secret");

        assertEquals(1, server.passwordChecks());
    }

    @Test
    void aGuardThatStopsThePostWithoutDescribingIt_isARefusal() throws Exception {
        server = new FormLoginServer(false, true);
        server.guard(new StubGuard());

        assertEquals(403, post(StubGuard.HEADER, "silent").status());
        assertEquals(0, server.passwordChecks());
    }

    @Test
    void insertedOutsideAServletContext_failsToStart_sayingWhere() {
        Server bare = new Server();
        bare.setHandler(new PlaytchaLoginHandler());

        Exception failure = assertThrows(IllegalStateException.class, bare::start);

        assertTrue(failure.getMessage().contains("insertHandler"), failure.getMessage());
    }
}
