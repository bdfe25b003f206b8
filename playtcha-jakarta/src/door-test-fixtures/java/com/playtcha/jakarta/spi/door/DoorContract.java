package com.playtcha.jakarta.spi.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import java.net.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The login protocol as every door must speak it, run by each door's tests over its real container
 * (Tomcat, Jetty, Undertow; Payara's valve needs Payara, so its ITs run it there, and its unit test the
 * list of login posts alone): a door test extends this class and starts its container's application
 * ({@link DoorApp}) in front of a {@link StubGuard}. What a door does beyond the protocol (how a refusal
 * reaches the client, what its container takes for a login post) stays in its own tests.
 */
public abstract class DoorContract {

    /** The door's name in its announcement, and its column in {@link LoginPosts}. */
    protected abstract String door();

    /**
     * The door in front of one application at {@code /app} with its container's own FORM login: the
     * form-error page {@code /login-error}, a realm that counts its password checks, and {@code guard}
     * published as the login guard ({@code null}: none, the application does not guard its login).
     */
    protected abstract DoorApp start(Filter guard) throws Exception;

    /** The application a door test starts, and a browser (with cookies, following no redirect) to use it. */
    public interface DoorApp extends AutoCloseable {

        /**
         * A browser's FORM login as the realm's one user, with the right password or a wrong one and the
         * token {@code a-token} (first asking for a secured page where the container needs a login session);
         * {@code headers} go on the post, whose answer this is.
         */
        Reply logIn(boolean rightPassword, String... headers) throws Exception;

        /** A request with an urlencoded {@code form} ({@code null}: no body) to {@code path}, after {@code /app}. */
        Reply send(String method, String path, String form, String... headers) throws Exception;

        /** How often the realm checked a password. */
        int passwordChecks();

        /** Whether the browser's session is logged in. */
        boolean loggedIn() throws Exception;

        /** The announcement ({@link LoginProtocol#HOOK}) as the application saw it starting, before its listeners. */
        Object announcedAtStart();

        ServletContext servletContext();
    }

    /** One answer. */
    public record Reply(int status, String body, HttpHeaders headers) {
        @Override
        public String toString() {
            return status + " " + headers.map() + "\n" + body;
        }
    }

    @Test
    void aRefusedPost_neverReachesTheRealm_andTellsNoOutcome() throws Exception {
        StubGuard guard = new StubGuard();
        try (DoorApp app = start(guard)) {
            Reply refused = app.logIn(true, StubGuard.HEADER, "refuse");

            assertEquals(403, refused.status(), refused::toString);
            assertEquals(StubGuard.REFUSAL, refused.body());
            assertEquals(0, app.passwordChecks(), "the realm was asked");
            assertFalse(app.loggedIn());
            assertEquals(1, guard.calls().size());
            assertEquals(List.of(), guard.outcomes(), "the realm never saw the post");
        }
    }

    @Test
    void aPostThatGoesOn_reachesTheRealmOnce_whoseAnswerIsToldOnce() throws Exception {
        StubGuard guard = new StubGuard();
        try (DoorApp app = start(guard)) {
            app.logIn(false);
            assertEquals(List.of(false), guard.outcomes(1), "a wrong password");
            assertFalse(app.loggedIn());

            app.logIn(true);
            assertEquals(List.of(false, true), guard.outcomes(2), "the right one");
            assertTrue(app.loggedIn());
            assertEquals(2, app.passwordChecks());
            assertEquals(2, guard.calls().size());
        }
    }

    @Test
    void withoutAGuard_theLoginIsTheContainersAlone() throws Exception {
        try (DoorApp app = start(null)) {
            app.logIn(false);
            assertFalse(app.loggedIn());

            app.logIn(true);
            assertTrue(app.loggedIn());
            assertEquals(2, app.passwordChecks());
        }
    }

    @Test
    void aFailingGuard_failsThePost_andTheRealmIsNotAsked() throws Exception {
        try (DoorApp app = start(new StubGuard())) {
            Reply failed = app.logIn(true, StubGuard.HEADER, "throw");

            assertEquals(500, failed.status(), failed::toString);
            assertEquals(0, app.passwordChecks());
            assertFalse(app.loggedIn());
        }
    }

    /** A guard the door cannot read fails the post: a login is never let through unguarded for it. */
    @Test
    void somethingElseThanAFilter_asTheGuard_failsThePost() throws Exception {
        try (DoorApp app = start(null)) {
            app.servletContext().setAttribute(LoginProtocol.GUARD, "not a filter");

            Reply failed = app.logIn(true);

            assertEquals(500, failed.status(), failed::toString);
            assertEquals(0, app.passwordChecks());
        }
    }

    @Test
    void theDoorAnnouncesItself_beforeTheApplicationStarts_andThatItTellsOutcomes() throws Exception {
        try (DoorApp app = start(null)) {
            assertEquals(door(), app.announcedAtStart());
            assertEquals(door(), app.servletContext().getAttribute(LoginProtocol.HOOK));
            assertEquals(Boolean.TRUE, app.servletContext().getAttribute(LoginProtocol.OUTCOMES));
        }
    }

    @Test
    void theGuardIsHanded_thePost_theFormErrorPage_andTheApplicationsClassLoader() throws Exception {
        StubGuard guard = new StubGuard();
        try (DoorApp app = start(guard)) {
            app.logIn(true);

            StubGuard.Call call = guard.calls().get(0);
            assertEquals("/app/j_security_check", call.uri());
            assertEquals("a-token", call.token(), "the guard reads the form before the container does");
            assertEquals("/login-error", call.errorPage());
            assertTrue(call.applicationClassLoader(), "the thread's context class loader is the application's");
        }
    }

    /**
     * Every request its container takes for a login post is handed over, whatever its method, or refused
     * where the guard's rule would not take it: exactly what the door's column of {@link LoginPosts} says.
     */
    @Test
    void exactlyWhatTheListSays_isHandedOver_orRefused() throws Exception {
        StubGuard guard = new StubGuard();
        try (DoorApp app = start(guard)) {
            for (LoginPosts.Row row : LoginPosts.column(door())) {
                int before = guard.calls().size();
                Reply reply = app.send("POST", row.path(), "j_username=x&j_password=y", StubGuard.HEADER, "refuse");
                String seen = row.path() + ": " + reply;
                assertEquals(row.says().equals("guard"), guard.calls().size() > before, seen);
                if (row.says().equals("403")) {
                    assertEquals(403, reply.status(), seen);
                }
                if (!row.says().equals("guard")) {
                    assertNotEquals(StubGuard.REFUSAL, reply.body(), seen);
                }
            }
            Reply get = app.send("GET", "/j_security_check", null, StubGuard.HEADER, "refuse");
            assertEquals(StubGuard.REFUSAL, get.body(), "a GET too: " + get);
            assertEquals(0, app.passwordChecks());
        }
    }
}
