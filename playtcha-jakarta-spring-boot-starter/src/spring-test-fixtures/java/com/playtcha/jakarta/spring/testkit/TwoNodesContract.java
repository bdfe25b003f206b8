package com.playtcha.jakarta.spring.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one Spring Security application behind a load balancer, on one shared store, under
 * {@code playtcha.login.require=after-failures} (the guard asks for a token once an account has failed three times),
 * as the servlet and the reactive stacks must both behave: failures on one node ask for a token on the other, and
 * guesses sent at once to both reach the user store no more often than the account's limit. A test extends this class,
 * starts its two nodes on its store against the run's simulator ({@link SpringSimulator#simulator()}), and answers for
 * them; what one stack or one store does beyond this stays in that test.
 */
@WithSimulator
public abstract class TwoNodesContract {

    /** A new browser (a new session) on node 0 or node 1. */
    protected abstract Browser browser(int node);

    /** How often the user store, which both nodes share in this JVM, was asked since the test began. */
    protected abstract int lookups();

    /** Where a refused form login sends the browser: the login page's error. */
    protected abstract String refusedTo();

    /** Where a form login that went in sends the browser: the path of its {@code Location}. */
    protected abstract String landsOn();

    @Test
    void failuresOnOneNode_askForATokenOnTheOther() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> failed = browser(0).formLogin("/login", "bob", "wrong" + i, null);
            assertEquals("false", Browser.header(failed, "Playtcha-Login-Needs-Token"), "failure " + i);
        }

        HttpResponse<String> tokenless = browser(1).formLogin("/login", "bob", "secret", null);
        assertTrue(Browser.header(tokenless, "Location").endsWith(refusedTo()), tokenless::toString);
        assertEquals("true", Browser.header(tokenless, "Playtcha-Login-Needs-Token"));
        assertEquals(3, lookups(), "node 1 knew of node 0's failures before its user store was asked");

        Browser withToken = browser(1);
        HttpResponse<String> login = withToken.formLogin("/login", "bob", "secret", SpringSimulator.simulator().mintToken());
        assertEquals(landsOn(), URI.create(Browser.header(login, "Location")).getPath(), login::toString);
        assertEquals("caller=bob", withToken.get("/whoami").body(), "never a lockout: with a token the password is checked");
    }

    @Test
    void guessesSentAtOnceToBothNodes_noMoreThanTheAccountsLimitReachTheUserStore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> guesses = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                guesses.add(() -> browser(n % 2).formLogin("/login", "gina", "guess" + n, null));
            }
            for (Future<HttpResponse<String>> guess : pool.invokeAll(guesses)) {
                HttpResponse<String> refused = guess.get();
                assertTrue(Browser.header(refused, "Location").endsWith(refusedTo()), refused::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, lookups(), "the account's limit across the cluster, whatever arrived at once");
    }
}
