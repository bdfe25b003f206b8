package com.playtcha.examples.quarkus.jpa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.quarkus.PlaytchaSimulatorResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The login policy over quarkus-security-jpa-reactive's provider, the counts in PostgreSQL: the provider reads the users
 * through Hibernate Reactive, which works only on the request's Vert.x context, so a login that logs in after the guard
 * verified its token on a worker shows the chain went back there. Each test counts on accounts of its own (the counts
 * live in the database as long as the application, which the tests share).
 */
@QuarkusTest
@QuarkusTestResource(PlaytchaSimulatorResource.class)
@QuarkusTestResource(PostgresResource.class)
class JpaLoginTest {

    @PlaytchaSimulatorResource.Simulator
    PlaytchaSimulator playtcha;

    @Inject
    JudgedLog judged;

    @Inject
    @io.quarkus.agroal.DataSource("ledger")
    AgroalDataSource database;

    @TestHTTPResource("/account")
    URI account;

    static RequestSpecification basic(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }

    static RequestSpecification form(String user, String password) {
        return given().redirects().follow(false).formParam("j_username", user).formParam("j_password", password);
    }

    @Test
    void basic_threeFailures_thenATokenIsNeeded_thenTheStoreLogsIn() {
        basic("alice", "correct-horse").get("/account").then().statusCode(200).body(equalTo("logged in as alice"))
                .header("Playtcha-Login-Needs-Token", "false");
        for (int i = 0; i < 3; i++) {
            basic("alice", "wrong").get("/account").then().statusCode(401).header("Playtcha-Login-Needs-Token", "false");
        }
        basic("alice", "correct-horse").get("/account").then().statusCode(401).header("Playtcha-Login-Needs-Token", "true");
        basic("alice", "correct-horse").accept("application/json").get("/account").then().statusCode(403)
                .body(containsString("\"code\":\"token_required\""));
        assertEquals(4, judged.of("alice"), "no refused login reached the store");

        basic("alice", "correct-horse").header("Playtcha-Token", playtcha.mintToken()).get("/account")
                .then().statusCode(200).body(equalTo("logged in as alice")).header("Playtcha-Token-Spent", "true");
        assertEquals(5, judged.of("alice"));
    }

    @Test
    void form_threeFailures_thenTheTokenFieldLogsIn() {
        for (int i = 0; i < 3; i++) {
            form("bob", "wrong").post("/j_security_check").then().statusCode(302).header("Location", endsWith("/login.html?error"));
        }
        form("bob", "battery-staple").post("/j_security_check").then().statusCode(302)
                .header("Location", endsWith("/login.html?error")).header("Playtcha-Login-Needs-Token", "true");
        form("bob", "battery-staple").formParam("playtcha-token", playtcha.mintToken()).post("/j_security_check")
                .then().statusCode(302).header("Location", endsWith("/account"));
        assertEquals(4, judged.of("bob"));
    }

    @Test
    void theStoresProvider_isAskedOnTheRequestsEventLoop_afterTheVerify() {
        basic("carol", "wrong").get("/account").then().statusCode(401);
        basic("carol", "wrong").get("/account").then().statusCode(401);
        basic("carol", "wrong").get("/account").then().statusCode(401);
        basic("carol", "correct-horse").header("Playtcha-Token", playtcha.mintToken()).get("/account")
                .then().statusCode(200).body(equalTo("logged in as carol"));
        List<JudgedLog.Judged> carol = judged.all().stream().filter(j -> j.account().equals("carol")).toList();
        assertEquals(4, carol.size());
        carol.forEach(j -> assertTrue(j.eventLoop(), j::toString));
    }

    @Test
    void thirtyConcurrentGuesses_atOneAccount_areJudgedAtMostThreeTimes() {
        HttpClient client = HttpClient.newHttpClient();
        String basic = "Basic " + Base64.getEncoder().encodeToString("mallory:guess".getBytes(StandardCharsets.UTF_8));
        List<CompletableFuture<HttpResponse<Void>>> guesses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            guesses.add(client.sendAsync(HttpRequest.newBuilder(account).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        guesses.forEach(guess -> assertEquals(401, guess.join().statusCode()));
        assertTrue(judged.of("mallory") <= 3, () -> judged.of("mallory") + " guesses judged");
    }

    @Test
    void theCounts_liveInTheDatabase_notInTheInstance() throws SQLException {
        for (int i = 0; i < 3; i++) {
            basic("dave", "wrong").get("/account").then().statusCode(401);
        }
        basic("dave", "battery-staple").get("/account").then().statusCode(401).header("Playtcha-Login-Needs-Token", "true");
        assertTrue(rows("playtcha_login_count") > 0, "the account's count is a row of the database");

        clear("playtcha_login_count"); // what another instance's database would hold: no failures of dave
        basic("dave", "battery-staple").get("/account").then().statusCode(200).header("Playtcha-Login-Needs-Token", "false");
    }

    @Test
    void playtchaDown_aLoginThatNeedsAToken_failsClosed() {
        for (int i = 0; i < 3; i++) {
            basic("erin", "wrong").get("/account").then().statusCode(401);
        }
        String token = playtcha.mintToken();
        playtcha.injectFor(token, Fault.serverError(500, "db_error"));
        basic("erin", "wrong").header("Playtcha-Token", token).accept("application/json").get("/account")
                .then().statusCode(503).body(containsString("\"login_needs_token\":true"));
        assertEquals(3, judged.of("erin"));
    }

    @Test
    void aStoreThatCannotAnswer_judgesNoPassword_andCountsNothing() throws SQLException {
        execute("ALTER TABLE account RENAME TO account_away");
        try {
            for (int i = 0; i < 4; i++) {
                basic("frank", "wrong").get("/account").then().statusCode(500);
            }
        } finally {
            execute("ALTER TABLE account_away RENAME TO account");
        }
        assertEquals(4, judged.of("frank"), "each reached the store");
        basic("frank", "correct-horse").get("/account").then().statusCode(200).header("Playtcha-Login-Needs-Token", "false");
    }

    private long rows(String table) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void clear(String table) throws SQLException {
        execute("DELETE FROM " + table);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
