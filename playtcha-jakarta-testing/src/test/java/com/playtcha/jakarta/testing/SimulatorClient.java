package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The JDK's {@link HttpClient} pointed at one simulator: real HTTP/1.1 over loopback, redirects not
 * followed, every request bounded by a timeout so a simulator bug fails a test instead of hanging it.
 *
 * <p>HTTP/1.1 is pinned because the JDK client's default (HTTP/2) would send an {@code h2c} upgrade
 * that a verify client never sends.
 */
final class SimulatorClient {

    static final String USER_AGENT = "playtcha-simulator-tests/1.0";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final PlaytchaSimulator simulator;
    private final HttpClient http;

    SimulatorClient(PlaytchaSimulator simulator) {
        this(simulator, newHttpClient());
    }

    SimulatorClient(PlaytchaSimulator simulator, HttpClient http) {
        this.simulator = simulator;
        this.http = http;
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A verify with the default project's secret. */
    Answer verify(String token) throws IOException, InterruptedException {
        return verify(simulator.secret(), token);
    }

    Answer verify(String secret, String token) throws IOException, InterruptedException {
        return send(verifyRequest(secret, token).build());
    }

    /** A verify POST as a client would build it; callers may still change the timeout. */
    HttpRequest.Builder verifyRequest(String secret, String token) {
        return post(simulator.verifyUrl(), "application/json", verifyBody(secret, token));
    }

    HttpRequest.Builder post(URI uri, String contentType, String body) {
        return HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** POSTs {@code body} as JSON to {@code /v1/verify}. */
    Answer postJson(String body) throws IOException, InterruptedException {
        return send(post(simulator.verifyUrl(), "application/json", body).build());
    }

    Answer get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build());
    }

    Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    static String verifyBody(String secret, String token) {
        return Json.createObjectBuilder().add("secret", secret).add("token", token).build().toString();
    }

    /**
     * Waits until the simulator has recorded {@code count} calls. Only for a call whose client never
     * gets an answer (a hang): for every other call the simulator records before it answers.
     */
    static List<RecordedCall> awaitCalls(PlaytchaSimulator simulator, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); // a poll: generous for a loaded machine
        while (simulator.callCount() < count) {
            if (System.nanoTime() > deadline) {
                fail("expected " + count + " recorded calls, got " + simulator.calls());
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        return simulator.calls();
    }

    /** One HTTP answer, with assertions for the two shapes the contract allows. */
    record Answer(int status, HttpHeaders headers, String body) {

        JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        /** Asserts a 200 with {@code success: true}, this {@code degraded} and a request id. */
        JsonObject assertSuccess(boolean degraded) {
            assertEquals(200, status, () -> "expected a success, got " + this);
            JsonObject json = json();
            assertEquals(JsonValue.TRUE, json.get("success"), () -> "success in " + body);
            assertEquals(degraded ? JsonValue.TRUE : JsonValue.FALSE, json.get("degraded"), () -> "degraded in " + body);
            assertNonBlankString(json, "request_id");
            assertFalse(json.containsKey("error"), () -> "a success with an error member: " + body);
            return json;
        }

        /**
         * Asserts Playtcha's error envelope: {@code {"error": {"code", "message", "request_id"}}}, no
         * {@code success} anywhere at the top, JSON content type. Returns the {@code error} object.
         */
        JsonObject assertError(int expectedStatus, String expectedCode) {
            assertEquals(expectedStatus, status, () -> "status of " + this);
            assertTrue(headers.firstValue("Content-Type").orElse("").startsWith("application/json"),
                    () -> "content type of " + this);
            JsonObject json = json();
            assertFalse(json.containsKey("success"), () -> "an error with a success field: " + body);
            JsonObject error = assertInstanceOf(JsonObject.class, json.get("error"), () -> "error member in " + body);
            assertEquals(expectedCode, assertNonBlankString(error, "code"), () -> "code in " + body);
            assertNonBlankString(error, "message");
            assertTrue(assertNonBlankString(error, "request_id").startsWith("req_"), () -> "request_id in " + body);
            return error;
        }

        /** The request id of either shape. */
        String requestId() {
            JsonObject json = json();
            JsonObject holder = json.containsKey("error") ? json.getJsonObject("error") : json;
            return holder.getString("request_id");
        }

        private static String assertNonBlankString(JsonObject object, String key) {
            JsonString value = assertInstanceOf(JsonString.class, object.get(key), () -> key + " in " + object);
            assertFalse(value.getString().isBlank(), () -> key + " is blank in " + object);
            return value.getString();
        }

        @Override
        public String toString() {
            return "Answer[" + status + " " + headers.map() + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body) + "]";
        }
    }
}
