package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import com.playtcha.jakarta.testing.PlaytchaSimulatorExtension;
import jakarta.servlet.MultipartConfigElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or broken client gets: a clear 4xx, never a 500, and Playtcha is not asked about
 * anything that cannot be a token. {@code /raw} has no multipart config, {@code /parts} has one.
 */
class HostileInputTest {

    @RegisterExtension
    static final PlaytchaSimulatorExtension PLAYTCHA = new PlaytchaSimulatorExtension();

    @TempDir
    static Path uploads;

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(PLAYTCHA, (context, sim) -> {
        context.addServlet(new ServletHolder("raw", new EchoServlet(EchoServlet.Read.RAW_BODY)), "/raw/*");
        ServletHolder parts = new ServletHolder("parts", new EchoServlet(EchoServlet.Read.PARTS));
        parts.getRegistration().setMultipartConfig(new MultipartConfigElement(uploads.toString()));
        context.addServlet(parts, "/parts/*");
        context.addServlet(new ServletHolder("form", new EchoServlet()), "/form/*");
        for (String path : new String[] {"/raw/*", "/parts/*", "/form/*"}) {
            EmbeddedJetty.guard(context, EmbeddedJetty.playtcha("playtcha" + path.replace("/*", ""),
                    EmbeddedJetty.settings(sim)), path);
        }
    });

    @Test
    void tokenHeaderOfTenKilobytes_isRejectedMalformed_withoutUpstreamCall() throws Exception {
        Reply reply = JETTY.post("/form/x").acceptJson().token("ptk_" + "A".repeat(10 * 1024)).send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("malformed_token", code(reply));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void tokenHeaderOverJettysHeaderLimit_isRefusedByJetty_431() throws Exception {
        Reply reply = JETTY.post("/form/x").acceptJson().token("A".repeat(EmbeddedJetty.REQUEST_HEADER_BYTES + 1)).send();

        assertEquals(431, reply.status(), reply::toString);
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void tokenFieldOfHundredKilobytes_isRejectedMalformed() throws Exception {
        Reply reply = JETTY.post("/form/x").acceptJson().form("playtcha-token", "A".repeat(100 * 1024)).send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("malformed_token", code(reply));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void multipartTokenPartOfHundredKilobytes_isRejectedMalformed_withAndWithoutConfig() throws Exception {
        Multipart form = new Multipart().field("playtcha-token", "A".repeat(100 * 1024)).field("name", "Ada");

        Reply parts = JETTY.post("/parts/x").acceptJson().multipart(form).send();
        Reply raw = JETTY.post("/raw/x").acceptJson().multipart(form).send();

        assertEquals("malformed_token", code(parts), parts::toString);
        assertEquals("malformed_token", code(raw), raw::toString);
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ptk_%00abc", "ptk_%01abc", "ptk_%7Fabc", "ptk_abc%0D%0AX-Injected:%201", "ptk_%1Babc", "ptk_%C3%A9"})
    void controlOrNonAsciiCharactersInTheField_areRejectedMalformed(String encodedToken) throws Exception {
        Reply reply = JETTY.post("/form/x").acceptJson().rawForm("playtcha-token=" + encodedToken).send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("malformed_token", code(reply));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    /**
     * Random bytes as the token, 200 times from a fixed seed: percent-encoded in the form field, and
     * raw in the header (where Jetty's parser may refuse them first). Each holds at least one byte
     * outside visible ASCII, so none is a token: a 4xx every time, and Playtcha is never called.
     */
    @Test
    void randomBytesAsTheToken_areA4xx_neverA500_andNeverPosted() throws Exception {
        java.util.Random random = new java.util.Random(20261121);
        for (int i = 0; i < 100; i++) {
            byte[] token = randomNonToken(random);
            StringBuilder encoded = new StringBuilder();
            for (byte b : token) {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
            Reply field = JETTY.post("/form/x").acceptJson().rawForm("playtcha-token=" + encoded).send();
            assertTrue(field.status() == 400 || field.status() == 403, () -> "field " + encoded + ": " + field);

            byte[] head = ("POST /form/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nPlaytcha-Token: ")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] tail = "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] headerToken = token.clone();
            for (int j = 0; j < headerToken.length; j++) {
                if (headerToken[j] == '\r' || headerToken[j] == '\n') {
                    headerToken[j] = 0x01; // keep the request framed; a line break would start another header
                }
            }
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.write(head);
            request.write(headerToken);
            request.write(tail);
            RawHttp.Answer header = RawHttp.send(JETTY.port(), request.toString(java.nio.charset.StandardCharsets.ISO_8859_1), new byte[0]);
            assertTrue(header.status() >= 400 && header.status() < 500, () -> "header: " + header.text());
        }
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    private static byte[] randomNonToken(java.util.Random random) {
        byte[] token = new byte[1 + random.nextInt(300)];
        random.nextBytes(token);
        int outside = random.nextInt(token.length);
        if (token[outside] >= 0x21 && token[outside] <= 0x7e) {
            token[outside] = (byte) (0x80 + random.nextInt(0x80)); // at least one byte no token has
        }
        return token;
    }

    @Test
    void tabInsideTheTokenHeader_isRejectedMalformed() throws Exception {
        Reply reply = JETTY.post("/form/x").acceptJson().token("ptk_a\tb").send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("malformed_token", code(reply));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0001", "\u0000", "\u007f", "\u001b[2J"})
    void controlCharacterInTheTokenHeader_isRefusedByJetty_400(String control) throws Exception {
        String head = "POST /form/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + "Playtcha-Token: ptk_a" + control + "b\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

        RawHttp.Answer answer = RawHttp.send(JETTY.port(), head, new byte[0]);

        assertEquals(400, answer.status(), "Jetty's parser refuses control characters in a header: " + answer.text());
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void manyTokenParameters_theFirstIsUsed_andVerifiedOnce() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        String first = sim.mintToken();
        StringBuilder form = new StringBuilder("playtcha-token=").append(first);
        for (int i = 0; i < 200; i++) {
            form.append("&playtcha-token=").append(i % 2 == 0 ? sim.mintToken() : "ptk_garbage_" + i);
        }

        Reply reply = JETTY.post("/form/x").rawForm(form.toString()).send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(1, sim.callCount());
        assertEquals(first, sim.calls().get(0).token());
    }

    @Test
    void moreFormKeysThanJettyAllows_isA400_withoutUpstreamCall() throws Exception {
        StringBuilder form = new StringBuilder("playtcha-token=").append(PLAYTCHA.simulator().mintToken());
        for (int i = 0; i < 2_000; i++) {
            form.append("&k").append(i).append("=v");
        }

        Reply reply = JETTY.post("/form/x").rawForm(form.toString()).send();

        assertEquals(400, reply.status(), reply::toString);
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void brokenPercentEncoding_isA400_withoutUpstreamCall() throws Exception {
        Reply reply = JETTY.post("/form/x").rawForm("name=%ZZ&playtcha-token=" + PLAYTCHA.simulator().mintToken()).send();

        assertEquals(400, reply.status(), reply::toString);
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/raw/x", "/parts/x"})
    void multipartWithTheWrongBoundary_isRejectedMissingToken(String path) throws Exception {
        byte[] body = new Multipart("SomeOtherBoundary").field("playtcha-token", PLAYTCHA.simulator().mintToken()).bytes();

        Reply reply = JETTY.post(path).acceptJson().body(new Multipart().contentType(), body).send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("missing_token", code(reply));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/raw/x", "/parts/x"})
    void multipartWithoutBoundaryParameter_isRejectedMissingToken(String path) throws Exception {
        byte[] body = new Multipart().field("playtcha-token", PLAYTCHA.simulator().mintToken()).bytes();

        Reply reply = JETTY.post(path).acceptJson().body("multipart/form-data", body).send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("missing_token", code(reply));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/raw/x", "/parts/x"})
    void multipartEndingInsideTheTokenPart_isRejectedMissingToken(String path) throws Exception {
        Multipart form = new Multipart().field("name", "Ada")
                .raw("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"playtcha-token\"\r\n\r\n")
                .raw(PLAYTCHA.simulator().mintToken());

        Reply reply = JETTY.post(path).acceptJson().body(form.contentType(), form.truncated()).send();

        assertEquals(403, reply.status(), reply::toString);
        assertEquals("missing_token", code(reply));
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/raw/x", "/parts/x"})
    void multipartBodyShorterThanItsContentLength_isA4xx_neverA500(String path) throws Exception {
        Multipart form = new Multipart().field("name", "Ada").file("f", "f.bin", Multipart.fileOf(4_000));
        byte[] body = form.bytes();
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + "Content-Type: " + form.contentType() + "\r\nContent-Length: " + (body.length + 5_000)
                + "\r\nConnection: close\r\n\r\n";

        RawHttp.Answer answer = RawHttp.send(JETTY.port(), head, body);

        // Jetty answers 400 "Early EOF" when the filter's own read of the body hits the end (/raw);
        // with a multipart config, Jetty's parser fails, so no token: 403 missing_token (/parts).
        assertTrue(answer.status() >= 400 && answer.status() < 500, answer::text);
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void multipartBodyCutShortAfterTheTokenPart_withoutConfig_isA4xx_neverA500() throws Exception {
        // The token part is complete, so the filter verifies it; the rest of the body never comes.
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        Multipart form = new Multipart().field("playtcha-token", sim.mintToken()).file("f", "f.bin", Multipart.fileOf(4_000));
        byte[] body = form.bytes();
        String head = "POST /raw/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + "Content-Type: " + form.contentType() + "\r\nContent-Length: " + (body.length + 5_000)
                + "\r\nConnection: close\r\n\r\n";

        RawHttp.Answer answer = RawHttp.send(JETTY.port(), head, body);

        // Jetty answers 400 "Early EOF" when the servlet reads the missing rest of the body.
        assertTrue(answer.status() >= 400 && answer.status() < 500, answer::text);
        assertTrue(sim.callCount() <= 1);
    }

    /**
     * A rejection answered before the client has sent its body: the server cannot read the rest
     * without waiting for it, so it closes the connection, and must say so; a client that reused
     * the connection for its next request would otherwise fail (the JDK client does not retry a POST).
     */
    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/html"})
    void rejectionBeforeTheBodyArrives_saysConnectionClose(String accept) throws Exception {
        String head = "POST /raw/api HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + accept + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n";

        RawHttp.Answer answer = RawHttp.answerBeforeTheBodyEnds(JETTY.port(), head, "{\"name\":\"".getBytes(StandardCharsets.US_ASCII));

        assertEquals(403, answer.status(), answer::text);
        assertTrue(answer.text().toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"), answer::text);
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    /**
     * A charset this JVM does not know, however it is spelled, in a body the filter reads for the
     * token: {@code missing_token}, the same in every container, never a 500 and never a verify.
     * (Jetty would answer the urlencoded one 400 and fail the parts; Tomcat would read it as its
     * default charset.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"x-unknown", "\"x-unknown\"", "\"=?\"", "\"\"", "\"utf-8\u00e9\""})
    void unknownCharsetOfTheBody_isRejectedMissingToken_neverA500(String charset) throws Exception {
        Multipart multipart = new Multipart().field("playtcha-token", PLAYTCHA.simulator().mintToken()).field("name", "Ada");
        byte[] form = ("name=Ada&playtcha-token=" + PLAYTCHA.simulator().mintToken()).getBytes(StandardCharsets.US_ASCII);

        Reply urlencoded = JETTY.post("/form/x").acceptJson().body("application/x-www-form-urlencoded; charset=" + charset, form).send();
        Reply raw = JETTY.post("/raw/x").acceptJson().body(multipart.contentType() + "; charset=" + charset, multipart.bytes()).send();
        Reply parts = JETTY.post("/parts/x").acceptJson().body(multipart.contentType() + "; charset=" + charset, multipart.bytes()).send();

        for (Reply reply : new Reply[] {urlencoded, raw, parts}) {
            assertEquals(403, reply.status(), reply::toString);
            assertEquals("missing_token", code(reply), reply::toString);
        }
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    /** A charset named twice: the filter goes by the container's reading (Jetty's is the first), never a 500. */
    @Test
    void charsetNamedTwice_isReadAsTheContainerReadsIt() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        byte[] form = ("name=Ada&playtcha-token=" + sim.mintToken()).getBytes(StandardCharsets.US_ASCII);

        Reply unknownFirst = JETTY.post("/form/x").acceptJson()
                .body("application/x-www-form-urlencoded; charset=x-unknown; charset=utf-8", form).send();
        Reply knownFirst = JETTY.post("/form/x").acceptJson()
                .body("application/x-www-form-urlencoded; charset=utf-8; charset=x-unknown", form).send();

        assertEquals(403, unknownFirst.status(), unknownFirst::toString);
        assertEquals("missing_token", code(unknownFirst));
        assertEquals(200, knownFirst.status(), knownFirst::toString);
        assertEquals("verified", knownFirst.echo().get(PlaytchaFilter.OUTCOME));
        assertEquals(1, sim.callCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain; charset=x-unknown", "text/plain; charset=\"=?\"", "text/plain; charset=\"\"", "text/plain; charset==?"})
    void tokenPartWithAnUnknownCharset_isRejectedMissingToken_withAndWithoutConfig(String partType) throws Exception {
        for (String path : new String[] {"/raw/x", "/parts/x"}) {
            Multipart form = new Multipart().raw("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"playtcha-token\"\r\n"
                    + "Content-Type: " + partType + "\r\n\r\n" + PLAYTCHA.simulator().mintToken() + "\r\n").field("name", "Ada");

            Reply reply = JETTY.post(path).acceptJson().multipart(form).send();

            assertEquals(403, reply.status(), () -> path + ": " + reply);
            assertEquals("missing_token", code(reply), () -> path + ": " + reply);
        }
        assertEquals(0, PLAYTCHA.simulator().callCount());
    }

    @Test
    void tokenPartWithAKnownCharset_isVerified_withoutConfig() throws Exception {
        PlaytchaSimulator sim = PLAYTCHA.simulator();
        Multipart form = new Multipart().raw("--" + Multipart.BOUNDARY + "\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"
                + "Content-Disposition: form-data; name=\"playtcha-token\"\r\n\r\n" + sim.mintToken() + "\r\n").field("name", "Ada");

        Reply reply = JETTY.post("/raw/x").acceptJson().body(form.contentType() + "; charset=utf-8", form.bytes()).send();

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(1, sim.callCount());
    }

    private static String code(Reply reply) {
        return reply.json().getJsonObject("error").getString("code");
    }
}
