package com.playtcha.jakarta.cluster.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.jcache.CacheBuckets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.VerifierFactory;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.web.LoginPostRequest;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Under {@code playtcha.login.require=always} an account's logins that go on without Playtcha's verdict are
 * bounded by its limit across the cluster, not per node: two nodes, each with its own verifier and login
 * guard, count on one JCache cache (two real Hazelcast members, a node on each). During an outage (503 to
 * every post, which fails open) an account's failed-open logins alternate between the nodes; the
 * account's fourth, on either node, is refused 503 as failing closed would, while another account's still
 * go on. With a node-local count, each node would have let three.
 */
class FailOpenLoginsAcrossNodesTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    private final PlaytchaSimulator sim = PLAYTCHA.simulator();
    private final HazelcastMembers members = HazelcastMembers.get();
    private final String cache = HazelcastMembers.newCache();
    private final ManualClock clock = new ManualClock();
    private final List<LoginFailures> counts = new ArrayList<>();
    private final List<PlaytchaVerifier> verifiers = new ArrayList<>();

    @AfterEach
    void close() {
        verifiers.forEach(PlaytchaVerifier::close);
        counts.forEach(LoginFailures::close);
        members.destroy(cache);
    }

    /** Node {@code i}: its verifier and its login guard under {@code always}, on its member's view of the shared cache. */
    private WebLogin node(int i) {
        PlaytchaSettings settings = PlaytchaSettings.builder(sim.secret()).apiUrl(sim.url()).timeout(Duration.ofSeconds(30))
                .breakerEnabled(false).build();
        PlaytchaSettings store = PlaytchaSettings.builder(sim.secret()).clientBudgetCache("playtcha-budgets")
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build(); // the longest: nothing here is to time out
        LoginFailures.Limits limits = LoginFailures.Limits.of(settings.login());
        LoginFailures shared = CacheBuckets.loginFailuresOn(store, limits, LocalCounts.loginFailures(limits, clock),
                members.cache(i, cache), clock, "playtcha-fail-open-" + i);
        counts.add(shared);
        PlaytchaVerifier verifier = VerifierFactory.verifier(settings, null, List.of(), shared, Resources.NONE);
        verifiers.add(verifier);
        return new WebLogin(new LoginPolicy(settings, shared), new WebGuard("login-" + i, Policy.of(settings), () -> verifier));
    }

    @Test
    void always_anAccountsFailedOpenLogins_stopAtItsLimit_acrossTwoNodes() throws Exception {
        List<WebLogin> nodes = List.of(node(0), node(1));
        sim.inject(Fault.serverError(503, "db_error"));

        for (int i = 0; i < 3; i++) {
            LoginAttempt failedOpen = nodes.get(i % 2).decide(new LoginPostRequest("203.0.113." + (10 + i), sim.mintToken()),
                    LoginAccount.named("alice")).attempt();
            assertTrue(failedOpen.proceeds(), "failed open " + (i + 1) + " of the account's 3, on node " + i % 2);
        }
        for (int i = 0; i < 2; i++) {
            LoginAttempt refused = nodes.get(i).decide(new LoginPostRequest("203.0.113.20", sim.mintToken()), LoginAccount.named("alice")).attempt();
            assertFalse(refused.proceeds(), "the account's limit holds on node " + i);
            assertEquals(503, ((LoginAttempt.Decided) refused).decision().status());
        }
        assertTrue(nodes.get(1).decide(new LoginPostRequest("203.0.113.21", sim.mintToken()), LoginAccount.named("bob")).proceeds(),
                "another account still goes on");
    }

}
