package com.playtcha.jakarta.benchmarks.crossed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.benchmarks.crossed.ClassesCrossed.Crossed;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classes-crossed listing runs every scenario (a JVM each, with the agent, one recorded request
 * after the warm-up) and names the classes a reader of the request's path expects (design/login-path.md
 * walks them; DesignMapTest keeps that map's names in the code). The count is printed for the reader,
 * not bounded: it was retired as a target (issue 66), since it shaped the code rather than measured it.
 */
class ClassesCrossedTest {

    /**
     * One warm-up request from each of the {@link Browser}'s addresses (64): the recorded request then comes from
     * an address already seen, as in the report's run ({@link ClassesCrossed#DEFAULT_WARMUP}), and crosses the
     * same classes (the counts printed here are the report's; with fewer, the client budget's first bucket for
     * an address shows in the recorded request). A fifth of the report's warm-up, for the build's CPU.
     */
    static final int WARMUP = Browser.SOURCES.size();

    private static Map<Scenario, Crossed> crossed;

    @BeforeAll
    static void measure() throws Exception {
        List<Crossed> all = ClassesCrossed.measure(Arrays.asList(Scenario.values()), WARMUP, System.out::println);
        System.out.println(ClassesCrossed.markdown(all, WARMUP));
        crossed = all.stream().collect(Collectors.toMap(Crossed::scenario, c -> c));
    }

    @Test
    void everyScenario_crossesSomeOfTheLibrary_andNothingElse() {
        assertEquals(Set.of(Scenario.values()), crossed.keySet());
        for (Crossed c : crossed.values()) {
            assertTrue(c.count() > 0, c.scenario().id() + " crossed nothing");
            assertTrue(c.names().stream().allMatch(name -> name.startsWith("com.playtcha.jakarta.")
                    && !name.startsWith("com.playtcha.jakarta.testing.") && !name.startsWith("com.playtcha.jakarta.benchmarks.")),
                    () -> c.scenario().id() + " counted a class that is not the library's: " + c.names());
        }
    }

    @Test
    void aVerifiedFormPost_runsTheFilterAndTheTransport_inTheWebApplicationAlone() {
        Crossed form = crossed.get(Scenario.FORM_POST_VERIFIED);

        assertTrue(form.classes().containsKey("webapp:com.playtcha.jakarta.servlet.PlaytchaFilter"), form.classes()::toString);
        assertTrue(form.classes().containsKey("webapp:com.playtcha.jakarta.internal.http.HttpTransport"), form.classes()::toString);
        assertEquals(Set.of(CrossingAgent.WEBAPP), form.perLoader().keySet(), "no valve in this application: " + form.classes());
    }

    @Test
    void aLoginAdmittedWithoutAToken_runsTheValveAndTheGuard_butNoVerify() {
        Crossed admitted = crossed.get(Scenario.LOGIN_ADMITTED);

        assertLogin(admitted, "Admitted");
        assertFalse(admitted.classes().containsKey("webapp:com.playtcha.jakarta.internal.http.HttpTransport"),
                admitted.classes()::toString);
    }

    @Test
    void aLoginThatNeedsAToken_andCarriesOne_isVerified() {
        Crossed verified = crossed.get(Scenario.LOGIN_TOKEN_VERIFIED);

        assertLogin(verified, "Decided");
        assertTrue(verified.classes().containsKey("webapp:com.playtcha.jakarta.internal.http.HttpTransport"), verified.classes()::toString);
    }

    @Test
    void aLoginThatNeedsAToken_andCarriesNone_isRefusedWithoutAVerify() {
        Crossed refused = crossed.get(Scenario.LOGIN_TOKEN_MISSING);

        assertLogin(refused, "NeedsToken");
        assertFalse(refused.classes().containsKey("webapp:com.playtcha.jakarta.internal.http.HttpTransport"), refused.classes()::toString);
    }

    /** The valve on the server's loader, the guard and this attempt's kind in the web application's. */
    private static void assertLogin(Crossed login, String attempt) {
        assertTrue(login.classes().containsKey("server:com.playtcha.jakarta.tomcat.PlaytchaLoginValve"), login.classes()::toString);
        assertTrue(login.classes().containsKey("webapp:com.playtcha.jakarta.servlet.LoginGuard"), login.classes()::toString);
        assertTrue(login.classes().containsKey("webapp:com.playtcha.jakarta.spi.login.LoginAttempt$" + attempt),
                login.classes()::toString);
    }
}
