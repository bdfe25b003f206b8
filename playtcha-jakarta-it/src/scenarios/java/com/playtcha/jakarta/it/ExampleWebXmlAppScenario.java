package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.it.Http.Reply;
import com.playtcha.jakarta.testing.Fault;
import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example application {@code examples/webxml-app}, deployed exactly as its build packages it:
 * no file added or changed. It configures no secret and no API URL; the container provides both at
 * start ({@code -Dplaytcha.secret}, {@code -Dplaytcha.api-url}), as a real deployment would through
 * {@code PLAYTCHA_SECRET} and {@code PLAYTCHA_API_URL}.
 */
@ExtendWith(ArquillianExtension.class)
// The fail-open test runs last: the ledger re-verifies its token about a second later, and that post
// must not land in another test's call count or take its injected fault. Undeploying right after
// reports the entry abandoned instead (a WARNING in the container's log).
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ExampleWebXmlAppScenario {

    /** The deployments whose first verify has been made (one per container run). */
    private static final Set<URL> WARMED = ConcurrentHashMap.newKeySet();
    private static final String WARM_UP = "ptk_default_warm_up";

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        // Started before the WAR deploys: in the embedded Jetty, which shares this JVM, that is what
        // sets the start-up properties a managed container gets on its command line.
        Playtcha.simulator();
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("it.example.webxml-war")));
    }

    @BeforeEach
    void resetSimulator() throws Exception {
        // The example's own timeout is 2 s, and a new deployment's first verify loads the client's classes
        // and opens its pool: on a loaded machine that alone can take longer, and a valid token would fail
        // open as timeout. One forged token's post first, before the counts are reset. The faults go first: another
        // class's last test may have left Playtcha down, and a warm-up failed open on it had its re-verification fail
        // too, so the ledger posted it again during a later test (a loaded run counted it in one that expects none).
        Playtcha.simulator().clearFaults();
        if (WARMED.add(url)) {
            Reply warm = Http.post(url, "/signup", Http.HTML, WARM_UP);
            if (warm.status() != 403) {
                // It failed open (timeout): the ledger posts it again about a second later, which must not
                // land in a test's call count.
                assertTrue(Playtcha.simulator().awaitCallCount(WARM_UP, 2, Duration.ofSeconds(60)), warm::toString);
            }
        }
        Playtcha.simulator().reset();
    }

    @Test
    void signupWithAValidToken_isAccepted_afterOneVerify() throws Exception {
        String token = Playtcha.simulator().mintToken();

        Reply reply = Http.post(url, "/signup", Http.HTML, token);

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.body().contains(">accepted<"), reply::toString);
        assertEquals(1, Playtcha.simulator().callCount(token));
    }

    @Test
    void forgedToken_rendersTheApplicationsBlockedPage() throws Exception {
        Reply reply = Http.post(url, "/signup", Http.HTML, "ptk_default_forged");

        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.body().contains("blocked 403") && reply.body().contains("token_invalid"), reply::toString);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: see the class's @TestMethodOrder
    void playtchaDown_signupGoesOnFailedOpen_paymentIsBlocked503() throws Exception {
        Playtcha.simulator().inject(Fault.serverError(500, "db_error"));

        Reply signup = Http.post(url, "/signup", Http.HTML, Playtcha.simulator().mintToken());
        Reply payment = Http.post(url, "/payment", Http.HTML, Playtcha.simulator().mintToken());

        assertEquals(200, signup.status(), signup::toString);
        assertTrue(signup.body().contains("fails open"), signup::toString);
        assertEquals(503, payment.status(), payment::toString);
        assertTrue(payment.body().contains("blocked 503"), payment::toString);
    }

    @Test
    void jsonClientWithoutToken_getsTheEnvelope_andPlaytchaIsNotCalled() throws Exception {
        Reply reply = Http.post(url, "/api/contact", Http.JSON, null);

        assertEquals(403, reply.status(), reply::toString);
        assertTrue(reply.body().contains("\"code\":\"missing_token\""), reply::toString);
        assertEquals(0, Playtcha.simulator().callCount());
    }

    @Test
    void get_showsTheForm_withoutAVerify() throws Exception {
        Reply reply = Http.get(url, "/signup");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(0, Playtcha.simulator().callCount());
    }
}
