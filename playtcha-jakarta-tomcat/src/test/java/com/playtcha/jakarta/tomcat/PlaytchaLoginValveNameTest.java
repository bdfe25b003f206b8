package com.playtcha.jakarta.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.servlet.PlaytchaFilter;
import com.playtcha.jakarta.servlet.PlaytchaInitializer;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import com.playtcha.jakarta.spi.door.DoorContract.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The name counted is the name Tomcat's realm checks, under {@code login.require=after-failures}, with
 * the valve and the real library in an embedded Tomcat: with alice at her limit no spelling, placement
 * or repetition of her name gets a tokenless guess to the realm; a name the guard cannot be sure of (in
 * the query and the body, twice, empty or blank, past the bound) needs a token from the first attempt; and Tomcat's 408
 * (the right password, no login session), for which the realm was asked, stays counted.
 */
@ExtendWith(PlaytchaSimulatorExtension.class)
class PlaytchaLoginValveNameTest {

    private static final String UTF8_FORM = "application/x-www-form-urlencoded; charset=UTF-8";

    @TempDir
    Path base;

    private LoginApp start(PlaytchaSimulator playtcha) throws Exception {
        return LoginApp.startConfigured(base, library(playtcha), new PlaytchaLoginValve());
    }

    private static Reply post(LoginApp app, String query, String form) throws Exception {
        return app.post("j_security_check" + (query == null ? "" : "?" + query), form, "Content-Type", UTF8_FORM);
    }

    private static void aliceAtHerLimit(LoginApp app) throws Exception {
        for (int i = 1; i <= 3; i++) {
            Reply failed = post(app, null, "j_username=alice&j_password=wrong");
            assertTrue(failed.body().startsWith("login error page"), failed::toString);
            assertEquals(i, app.realm.calls());
        }
    }

    private static void assertTokenRequired(LoginApp app, int realmCalls, Reply reply) {
        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.body().contains("com.playtcha.error-code=token_required"), reply::toString);
        assertEquals(realmCalls, app.realm.calls(), "the realm was not asked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"j_username=decoy", "j_username=alice", "j_%75sername=decoy", "j_username="})
    void aNameInTheQuery_andOneInTheBody_needsAToken(String query, PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = start(playtcha)) {
            assertTokenRequired(app, 0, post(app, query, "j_username=alice&j_password=correct+horse"));
        }
    }

    /**
     * Two names, or one that is empty or blank (issue 93, item 5: which account a realm looks up for it is not known).
     * Failed on 9ca7ce49 for the empty and blank ones: each reached the realm without a token, on a fresh client. A post
     * with no name field at all names no account and goes on: Tomcat hands the realm a null name, and RealmBase answers
     * it without comparing a password.
     */
    @Test
    void twoNamesInTheBody_orAnEmptyOrBlankOne_needAToken(PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = start(playtcha)) {
            for (String names : List.of("j_username=decoy&j_username=alice", "j_username=", "j_username=%20%20",
                    "j_username=%09%C2%A0")) {
                assertTokenRequired(app, 0, post(app, null, names + "&j_password=correct+horse"));
            }

            Reply noName = post(app, null, "j_password=correct+horse"); // names no account: counted on the client
            assertTrue(noName.body().startsWith("login error page"), noName::toString);
            assertEquals(List.of("null"), app.realm.checkedNames(), "Tomcat hands the realm no name");
            assertEquals(List.of(), app.realm.lookedUp(), "and RealmBase compares no password for it");
        }
    }

    @Test
    void aNameLongerThanTheBound_needsAToken(PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = start(playtcha)) {
            Reply counted = post(app, null, "j_username=" + "a".repeat(256) + "&j_password=x");
            assertTrue(counted.body().startsWith("login error page"), counted::toString);
            assertEquals(1, app.realm.calls());

            assertTokenRequired(app, 1, post(app, null, "j_username=" + "a".repeat(257) + "&j_password=x"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALICE", "alice%20", "%09alice%00", "%EF%BD%81%EF%BD%8C%EF%BD%89%EF%BD%83%EF%BD%85",
        "AL%C4%B0CE", "al%C4%B1ce"})
    void aliceInAnotherSpelling_atHerLimit_needsAToken(String spelling, PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = start(playtcha)) {
            aliceAtHerLimit(app);
            assertTokenRequired(app, 3, post(app, null, "j_username=" + spelling + "&j_password=correct+horse"));
        }
    }

    @Test
    void aNameInTheQueryAlone_isCounted_asTomcatChecksIt(PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = start(playtcha)) {
            aliceAtHerLimit(app);
            assertTokenRequired(app, 3, post(app, "j_username=alice", "j_password=correct+horse"));
        }
    }

    /** Tomcat asks the realm before it finds no login session (408): such a post stays a counted attempt. */
    @Test
    void tomcats408_askedTheRealm_andStaysCounted(PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = start(playtcha)) {
            for (int i = 1; i <= 3; i++) {
                Reply expired = post(app, null, "j_username=alice&j_password=correct+horse");
                assertEquals(408, expired.status(), expired::toString);
                assertEquals(i, app.realm.calls(), "the realm was asked");
            }
            assertTokenRequired(app, 3, post(app, null, "j_username=alice&j_password=correct+horse"));
        }
    }

    /**
     * Tomcat answers a post from a logged-in session from that login, reading no credential: such
     * posts are no attempts. Before, each was counted a failure of the account it named, in advance.
     */
    @Test
    void postsFromALoggedInSession_areNotCounted_againstTheAccountTheyName(PlaytchaSimulator playtcha) throws Exception {
        try (LoginApp app = start(playtcha)) {
            Reply login = app.logIn(LoginApp.PASSWORD, null);
            assertEquals(303, login.status(), login::toString);
            assertEquals("user=alice", app.whoAmI());
            for (int i = 0; i < 3; i++) {
                post(app, null, "j_username=bob&j_password=wrong");
            }
            assertEquals(1, app.realm.calls(), "Tomcat checked none of them");

            Reply bob = app.postWithoutSession("j_security_check", "j_username=bob&j_password=wrong");
            assertTrue(bob.body().startsWith("login error page"), bob::toString);
            assertEquals(2, app.realm.calls(), "bob's first attempt needs no token: the realm is asked");
        }
    }

    private static Consumer<Context> library(PlaytchaSimulator playtcha) {
        return context -> {
            FilterDef filter = new FilterDef();
            filter.setFilterName("login-guard");
            filter.setFilterClass(PlaytchaFilter.class.getName());
            filter.addInitParameter("api-url", playtcha.url().toString());
            filter.addInitParameter("secret", playtcha.secret());
            filter.addInitParameter("login.require", "after-failures");
            context.addFilterDef(filter);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName("login-guard");
            mapping.addURLPattern("/j_security_check");
            context.addFilterMap(mapping);
            context.addServletContainerInitializer(new PlaytchaInitializer(), null);
        };
    }
}
