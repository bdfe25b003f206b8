package com.playtcha.jakarta.spring.webflux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What a client controls, thrown at the filter on a real Netty server, BlockHound watching: no token, a token
 * beyond what the filter reads in a huge body, a body that never finishes, a multipart body with the token late,
 * other content types, the safe methods, a method's spelling, and the forms one path takes. Every refusal is
 * the envelope's {@code missing_token} (the tests ask for JSON), and no token it carries reaches Playtcha. (What the
 * simulator hears in all may include the fail-open ledger re-verifying another test's token.)
 */
class AttackTest extends OnNetty {

    @Test
    void noToken_isRefused() throws Exception {
        assertRefused(form("/signup", null, JSON));
    }

    /**
     * 8 MiB of form with the token at its very end: the filter reads 1 MiB and answers, long before the client has
     * sent the rest (it answers after 2 MiB were written, and the rest is never sent).
     */
    @Test
    void aTokenPastTheFirstMebibyteOfAHugeForm_isAbsent_andAnsweredBeforeTheBodyEnds() throws Exception {
        int length = 8 * 1024 * 1024;
        try (Http.Raw raw = new Http.Raw(port)) {
            raw.write("POST /signup HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nContent-Type: " + FORM
                    + "\r\nContent-Length: " + length + "\r\n\r\n");
            raw.write(("a=" + "x".repeat(2 * 1024 * 1024 - 3) + "&").getBytes(StandardCharsets.US_ASCII));

            String head = raw.head();

            assertTrue(head.startsWith("HTTP/1.1 403"), head);
        }
    }

    /** The same size with the token first: verified, and the handler still reads all 8 MiB, byte for byte. */
    @Test
    void aHugeFormWithItsTokenFirst_isVerified_andHandedOnWhole() throws Exception {
        String token = sim().mintToken();
        String body = "playtcha-token=" + token + "&a=" + "y".repeat(8 * 1024 * 1024);

        HttpResponse<String> raw = post("/raw", FORM, body, JSON, Map.of());

        assertEquals(200, raw.statusCode(), raw::body);
        assertTrue(raw.body().startsWith("bytes=" + body.length() + "\nsha256=" + Http.sha256(body) + "\noutcome=verified"), raw::body);
    }

    /**
     * A body that stops coming after a few bytes: the filter waits for it 10 s at most, then counts the token
     * absent; meanwhile the server serves others (nothing waited on an event loop).
     */
    @Test
    void aBodyThatNeverEnds_costsTheWaitAtMost_andNobodyElseWaits() throws Exception {
        try (Http.Raw slow = new Http.Raw(port)) {
            slow.write("POST /signup HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nContent-Type: " + FORM
                    + "\r\nContent-Length: 1000\r\n\r\nemail=a");
            CompletableFuture<String> answered = CompletableFuture.supplyAsync(() -> {
                try {
                    return slow.head();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            HttpResponse<String> other = form("/signup", sim().mintToken(), JSON);
            assertEquals(200, other.statusCode(), "a post beside the slow one: " + other.body());
            assertTrue(answered.get(60, TimeUnit.SECONDS).startsWith("HTTP/1.1 403"), answered::join);
        }
    }

    @Test
    void aMultipartTokenAfterAFileOfTwoMebibytes_isAbsent() throws Exception {
        String token = sim().mintToken();

        assertRefused(Http.multipart(this, "/upload", token, Http.bytes(2 * 1024 * 1024), false));
        assertEquals(0, sim().callCount(token));
    }

    @Test
    void aMultipartTokenAfterASmallFile_isVerified_andEveryPartHandedOn() throws Exception {
        String token = sim().mintToken();

        HttpResponse<String> upload = Http.multipart(this, "/upload", token, Http.bytes(10_000), false);

        assertEquals(200, upload.statusCode(), upload::body);
        assertTrue(upload.body().startsWith("file-bytes=10000\npart-token=" + token + "\noutcome=verified"), upload::body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "application/x-www-form-urlencoded; charset=x-no-such-charset",
            "multipart/form-data", "multipart/form-data; boundary=a; boundary=b", "application/octet-stream",
            "application/x-www-form-urlencoded;=", "application/x-www-form-urlencoded; a=\"b", "multipart/form-data; boundary=a; x=\"y"})
    void aTokenInABodyOfAnotherShape_isNotRead(String contentType) throws Exception {
        String token = sim().mintToken();
        String body = contentType.startsWith("application/json") ? "{\"playtcha-token\":\"" + token + "\"}" : "playtcha-token=" + token;

        assertRefused(post("/raw", contentType, body, JSON, Map.of()));
        assertEquals(0, sim().callCount(token));
    }

    @Test
    void theFirstTokenField_isTheOneVerified_asItIsTheOneTheApplicationReads() throws Exception {
        String token = sim().mintToken();

        HttpResponse<String> first = post("/signup", FORM, "playtcha-token=" + token + "&playtcha-token=ptk_junk", JSON, Map.of());
        HttpResponse<String> junkFirst = post("/signup", FORM, "playtcha-token=ptk_junk&playtcha-token=" + sim().mintToken(), JSON,
                Map.of());

        assertEquals(200, first.statusCode(), first::body);
        assertTrue(first.body().contains("body-token=" + token + "\noutcome=verified"), first::body);
        assertEquals(403, junkFirst.statusCode(), junkFirst::body);
        assertTrue(junkFirst.body().contains("\"code\":\"token_invalid\""), junkFirst::body);
    }

    @Test
    void getAndHead_passUntouched() throws Exception {
        HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(url("/signup")).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<Void> head = CLIENT.send(HttpRequest.newBuilder(url("/signup")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());

        assertEquals(200, get.statusCode());
        assertEquals(200, head.statusCode());
    }

    /** Methods match in any case: an unusual spelling of a guarded method is guarded, never let by. */
    @ParameterizedTest
    @ValueSource(strings = {"post", "PoSt", "PUT", "patch", "DELETE"})
    void everySpellingOfAGuardedMethod_isGuarded(String method) throws Exception {
        try (Http.Raw raw = new Http.Raw(port)) {
            raw.write(method + " /signup HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nContent-Type: " + FORM
                    + "\r\nContent-Length: 7\r\nConnection: close\r\n\r\nemail=a");

            String head = raw.head();

            assertTrue(head.startsWith("HTTP/1.1 403"), head);
        }
    }

    /** Each form one path takes is the path: guarded, whatever a proxy or the handler mapping would make of it. */
    @ParameterizedTest
    @ValueSource(strings = {"/signup/", "/signup;jsessionid=abc", "/sign%75p", "//signup", "/x/../signup", "/./signup",
            "/contact/us", "/contact/us/", "/contact//us", "/contact"})
    void everyFormOfAGuardedPath_isGuarded(String path) throws Exception {
        try (Http.Raw raw = new Http.Raw(port)) {
            raw.write("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nContent-Type: " + FORM
                    + "\r\nContent-Length: 7\r\nConnection: close\r\n\r\nemail=a");

            String head = raw.head();

            assertTrue(head.startsWith("HTTP/1.1 403"), path + ": " + head);
        }
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response::body);
        assertTrue(response.body().contains("\"code\":\"missing_token\""), response::body);
    }
}
