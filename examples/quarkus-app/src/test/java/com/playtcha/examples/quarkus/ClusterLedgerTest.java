package com.playtcha.examples.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The cluster module on a Quarkus (Agroal) datasource, found by its CDI name: the profile
 * {@code cluster} of application.properties declares the named datasource {@code ledger} and sets
 * {@code playtcha.ledger.datasource=ledger}; {@link PostgresResource} gives it an embedded PostgreSQL.
 * A request that fails open claims its token in that database, and a token another node claimed
 * there is refused here. A profile of its own, so Quarkus builds and starts the application once more.
 */
@QuarkusTest
@TestProfile(ClusterLedgerTest.Cluster.class)
@QuarkusTestResource(PlaytchaSimulatorResource.class)
class ClusterLedgerTest {

    public static class Cluster implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "cluster";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Both cores may be busy: the claim waits for the database longer than the default 250 ms.
            return Map.of("playtcha.cluster.timeout", "10s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresResource.class));
        }
    }

    private static final String CLAIMS = "SELECT count(*) FROM playtcha_ledger WHERE token_hash = sha256(convert_to(?, 'UTF8'))";

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    @Named("ledger")
    DataSource ledger;

    @Test
    void playtchaDown_theTokensClaim_isInTheDatabase_andATokenClaimedThere_isRefused() throws SQLException {
        String token = playtcha.mintToken();
        playtcha.injectFor(token, Fault.serverError(500, "db_error"));
        given().formParam("email", "c@example.com").formParam("playtcha-token", token).post("/signup")
                .then().statusCode(200).body(equalTo("signed up c@example.com [unavailable, failed open]"));
        assertEquals(1, count(CLAIMS, token), "the fail-open request's claim, in the ledger datasource's table");

        String another = playtcha.mintToken();
        playtcha.injectFor(another, Fault.serverError(500, "db_error"));
        claimAsAnotherNode(another);
        given().formParam("email", "d@example.com").formParam("playtcha-token", another).post("/signup")
                .then().statusCode(403);
        assertEquals(1, count(CLAIMS, another), "only the other node's claim");
    }

    /** The row another node's fail-open request left: reported, its token erased, its hash the claim. */
    private void claimAsAnotherNode(String token) throws SQLException {
        try (Connection c = ledger.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO playtcha_ledger "
                + "(id, recorded_at, cause, state, claimed_at, done_at, token_hash) VALUES ('other-node-1', now(), "
                + "'timeout', 'reported', now(), now(), sha256(convert_to(?, 'UTF8')))")) {
            s.setString(1, token);
            s.executeUpdate();
        }
    }

    private int count(String query, String token) throws SQLException {
        try (Connection c = ledger.getConnection(); PreparedStatement s = c.prepareStatement(query)) {
            s.setString(1, token);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
