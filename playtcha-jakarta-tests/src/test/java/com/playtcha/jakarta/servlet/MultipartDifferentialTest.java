package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.servlet.multipart.Dribble;
import com.playtcha.jakarta.servlet.multipart.MultipartPrefix;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter's own multipart reader against the containers' parsers: each body goes to
 * {@link MultipartPrefix#find} and, over HTTP, to a servlet with a multipart config in Jetty 12 and
 * in Tomcat 10.1 that calls {@code getPart("playtcha-token")} ({@link PartServlet}).
 *
 * <p>The property: when the reader takes a token, each container either gives that same token or
 * refuses the whole body (its parser throws, so the application reads no field at all). It never
 * gives another token, and never says there is no such field. The reader may refuse (no token) a
 * body a container would accept; that costs a legitimate but odd client a 403, never a wrong verify.
 * The bodies: what browsers send, the hostile shapes of issue 11, the edges of RFC 2046/7578, and
 * random mutations of them from a fixed seed.
 */
class MultipartDifferentialTest {

    private static final String FIELD = PartServlet.FIELD;
    private static final String B = "Bnd7MA4YWxkTrZu0gW";
    private static final String CT = "multipart/form-data; boundary=" + B;
    private static final long SEED = 20261122L;
    private static final int MUTANTS = 600;

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TestSettings.SLACK).build();

    @TempDir
    static Path temp;

    @RegisterExtension
    static final JettyDeployment JETTY = JettyDeployment.of(context -> {
        ServletHolder parts = new ServletHolder("parts", new PartServlet());
        String uploads = Files.createDirectories(temp.resolve("jetty")).toString();
        parts.getRegistration().setMultipartConfig(new MultipartConfigElement(uploads));
        context.addServlet(parts, "/*");
    });

    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void startTomcat() throws Exception {
        tomcat = EmbeddedTomcat.start(new PartServlet(), Files.createDirectories(temp.resolve("tomcat")));
    }

    @AfterAll
    static void stopTomcat() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    /** One body and its Content-Type; {@code browserLike} bodies must yield their token, not a refusal. */
    record Case(String label, String contentType, byte[] body, boolean browserLike) {
        Case(String label, String contentType, String body, boolean browserLike) {
            this(label, contentType, body.getBytes(StandardCharsets.ISO_8859_1), browserLike);
        }
    }

    /** What one parser made of a body: a token, no such field, or a refusal of the whole body. */
    record Reading(String kind, String token) {
        static final Reading NONE = new Reading("NONE", null);

        static Reading parse(int status, String answer) {
            if (status != 200) {
                return new Reading("ERROR", "status " + status);
            }
            if (answer.startsWith("TOKEN ")) {
                String hex = answer.substring("TOKEN ".length());
                return new Reading("TOKEN", new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8));
            }
            return answer.equals("NONE") ? NONE : new Reading("ERROR", answer);
        }

        @Override
        public String toString() {
            return kind.equals("TOKEN") ? "TOKEN[" + abbreviate(token) + "]" : kind.equals("ERROR") ? "ERROR(" + token + ")" : kind;
        }
    }

    // --- the bodies -------------------------------------------------------------------------

    private static String part(String name, String value) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    private static String file(String name, String filename, String content) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n";
    }

    private static String raw(String headers, String value) {
        return "--" + B + "\r\n" + headers + "\r\n\r\n" + value + "\r\n";
    }

    private static final String END = "--" + B + "--\r\n";

    static List<Case> handMade() {
        List<Case> cases = new ArrayList<>();
        String dashes = "-".repeat(70);
        // What browsers send.
        cases.add(new Case("token only", CT, part(FIELD, "ptk_only") + END, true));
        cases.add(new Case("token first", CT, part(FIELD, "ptk_first") + part("name", "Ada") + file("f", "a.bin", "xyz") + END, true));
        cases.add(new Case("token last", CT, part("name", "Ada") + file("f", "a.bin", "xyz") + part(FIELD, "ptk_last") + END, true));
        cases.add(new Case("empty token", CT, part(FIELD, "") + END, true));
        cases.add(new Case("utf-8 token", CT, part(FIELD, "ptk_\u00e9t\u00e9") + END, true));
        cases.add(new Case("token with CRLF inside", CT, part(FIELD, "a\r\nb") + END, true));
        cases.add(new Case("quoted boundary", "multipart/form-data; boundary=\"" + B + "\"", part(FIELD, "ptk_q") + END, true));
        cases.add(new Case("upper-case type and parameter", "Multipart/Form-Data; BOUNDARY=" + B, part(FIELD, "ptk_uc") + END, true));
        cases.add(new Case("charset before boundary", "multipart/form-data; charset=utf-8; boundary=" + B, part(FIELD, "ptk_cs") + END, true));
        cases.add(new Case("no space after semicolon", "multipart/form-data;boundary=" + B, part(FIELD, "ptk_ns") + END, true));
        cases.add(new Case("part content type", CT, raw("Content-Disposition: form-data; name=\"" + FIELD + "\"\r\nContent-Type: text/plain; charset=UTF-8", "ptk_ct") + END, true));
        cases.add(new Case("lower-case disposition", CT, raw("content-disposition: form-data; name=\"" + FIELD + "\"", "ptk_lc") + END, true));
        cases.add(new Case("dash boundary of 70", "multipart/form-data; boundary=" + dashes,
                ("--" + dashes + "\r\nContent-Disposition: form-data; name=\"" + FIELD + "\"\r\n\r\nptk_d\r\n--" + dashes + "--\r\n"), true));
        cases.add(new Case("unfinished after the token", CT, part(FIELD, "ptk_unf") + "--" + B + "\r\nContent-Disposition: form-da", false));
        // The shapes of issue 11.
        cases.add(new Case("X-Content-Disposition", CT, raw("X-Content-Disposition: form-data; name=\"" + FIELD + "\"\r\nContent-Disposition: form-data; name=\"other\"", "ptk_x") + part(FIELD, "ptk_real") + END, false));
        cases.add(new Case("xboundary first", "multipart/form-data; xboundary=evil; boundary=" + B, part(FIELD, "ptk_xb") + END, false));
        cases.add(new Case("xboundary body", "multipart/form-data; xboundary=evil; boundary=" + B, part(FIELD, "ptk_a").replace(B, "evil") + "--evil--\r\n", false));
        cases.add(new Case("two boundaries, first used", "multipart/form-data; boundary=" + B + "; boundary=other", part(FIELD, "ptk_b1") + END, false));
        cases.add(new Case("two boundaries, second used", "multipart/form-data; boundary=other; boundary=" + B, part(FIELD, "ptk_b2") + END, false));
        cases.add(new Case("LF-only body", CT, (part("name", "Ada") + part(FIELD, "ptk_lf") + END).replace("\r\n", "\n"), false));
        cases.add(new Case("LF-only token part among CRLF parts", CT, part("name", "Ada") + part(FIELD, "ptk_lf1").replace("\r\n", "\n") + part(FIELD, "ptk_crlf") + END, false));
        cases.add(new Case("LF before delimiter in a value", CT, part("name", "Ada\n--" + B + "\r\nContent-Disposition: form-data; name=\"" + FIELD + "\"\r\n\r\nptk_in") + part(FIELD, "ptk_out") + END, false));
        // RFC 2046/7578 edges.
        cases.add(new Case("preamble", CT, "This is the preamble.\r\n" + part(FIELD, "ptk_pre") + END, false));
        cases.add(new Case("preamble without line end", CT, "junk" + part(FIELD, "ptk_pre2") + part(FIELD, "ptk_pre3") + END, false));
        cases.add(new Case("leading CRLF", CT, "\r\n" + part(FIELD, "ptk_lead") + END, false));
        cases.add(new Case("transport padding", CT, part(FIELD, "ptk_pad").replace(B + "\r\n", B + " \t \r\n") + END, false));
        cases.add(new Case("padding on the delimiter after the token", CT, part(FIELD, "ptk_pad2") + "--" + B + "  \r\n" + part("x", "y").substring(("--" + B + "\r\n").length()) + END, false));
        cases.add(new Case("delimiter followed by junk", CT, part(FIELD, "ptk_j") + "--" + B + "X\r\n" + part(FIELD, "ptk_j2") + END, false));
        cases.add(new Case("epilogue token", CT, part("name", "Ada") + END + part(FIELD, "ptk_epi") + END, false));
        cases.add(new Case("folded disposition", CT, raw("Content-Disposition: form-data;\r\n name=\"" + FIELD + "\"", "ptk_fold") + END, false));
        cases.add(new Case("space before colon", CT, raw("Content-Disposition : form-data; name=\"" + FIELD + "\"", "ptk_sp") + END, false));
        cases.add(new Case("no space after colon", CT, raw("Content-Disposition:form-data;name=\"" + FIELD + "\"", "ptk_nsp") + END, true));
        cases.add(new Case("file named like the field", CT, file(FIELD, "t.txt", "ptk_file") + part(FIELD, "ptk_after_file") + END, false));
        cases.add(new Case("filename* part", CT, raw("Content-Disposition: form-data; name=\"" + FIELD + "\"; filename*=UTF-8''t.txt", "ptk_fstar") + part(FIELD, "ptk_after") + END, false));
        cases.add(new Case("escaped name", CT, raw("Content-Disposition: form-data; name=\"playtcha\\-token\"", "ptk_esc") + part(FIELD, "ptk_plain") + END, false));
        cases.add(new Case("escaped quote in other name", CT, raw("Content-Disposition: form-data; name=\"a\\\"; name=" + FIELD + "\"", "ptk_eq") + part(FIELD, "ptk_plain2") + END, false));
        cases.add(new Case("unquoted name", CT, raw("Content-Disposition: form-data; name=" + FIELD, "ptk_unq") + END, true));
        cases.add(new Case("NAME in capitals", CT, raw("Content-Disposition: form-data; NAME=\"" + FIELD + "\"", "ptk_caps") + END, false));
        cases.add(new Case("two dispositions, field second", CT, raw("Content-Disposition: form-data; name=\"other\"\r\nContent-Disposition: form-data; name=\"" + FIELD + "\"", "ptk_two") + part(FIELD, "ptk_two_b") + END, false));
        cases.add(new Case("two dispositions, field first", CT, raw("Content-Disposition: form-data; name=\"" + FIELD + "\"\r\nContent-Disposition: form-data; name=\"other\"", "ptk_two2") + part(FIELD, "ptk_two2_b") + END, false));
        cases.add(new Case("form-datax", CT, raw("Content-Disposition: form-datax; name=\"" + FIELD + "\"", "ptk_fdx") + part(FIELD, "ptk_fd") + END, false));
        cases.add(new Case("attachment", CT, raw("Content-Disposition: attachment; name=\"" + FIELD + "\"", "ptk_att") + part(FIELD, "ptk_att2") + END, false));
        cases.add(new Case("spaces around =", CT, raw("Content-Disposition: form-data; name = \"" + FIELD + "\"", "ptk_eqsp") + part(FIELD, "ptk_eqsp2") + END, false));
        cases.add(new Case("two names", CT, raw("Content-Disposition: form-data; name=\"other\"; name=\"" + FIELD + "\"", "ptk_2n") + part(FIELD, "ptk_2n2") + END, false));
        cases.add(new Case("two names, field first", CT, raw("Content-Disposition: form-data; name=\"" + FIELD + "\"; name=\"other\"", "ptk_2n3") + part(FIELD, "ptk_2n4") + END, false));
        cases.add(new Case("extra parameter", CT, raw("Content-Disposition: form-data; name=\"" + FIELD + "\"; size=3", "ptk_xp") + END, false));
        cases.add(new Case("transfer encoding base64", CT, raw("Content-Disposition: form-data; name=\"" + FIELD + "\"\r\nContent-Transfer-Encoding: base64", "cHRrX2I2NA==") + END, false));
        cases.add(new Case("bare CR in headers", CT, raw("Content-Disposition: form-data; name=\"other\"\rContent-Disposition: form-data; name=\"" + FIELD + "\"", "ptk_cr") + part(FIELD, "ptk_cr2") + END, false));
        cases.add(new Case("line without colon", CT, raw("Content-Disposition form-data; name=\"" + FIELD + "\"", "ptk_nc") + part(FIELD, "ptk_nc2") + END, false));
        cases.add(new Case("part without disposition", CT, raw("Content-Type: text/plain", "x") + part(FIELD, "ptk_nd") + END, false));
        cases.add(new Case("duplicate token fields", CT, part(FIELD, "ptk_dup1") + part(FIELD, "ptk_dup2") + END, true));
        cases.add(new Case("boundary inside a file", CT, file("f", "a.bin", "xx--" + B + "yy") + part(FIELD, "ptk_bif") + END, false));
        cases.add(new Case("empty name", CT, raw("Content-Disposition: form-data; name=\"\"", "x") + part(FIELD, "ptk_en") + END, false));
        cases.add(new Case("empty content right before delimiter", CT, raw("Content-Disposition: form-data; name=\"" + FIELD + "\"", "").replace("\r\n\r\n\r\n", "\r\n\r\n") + part(FIELD, "ptk_ec") + END, false));
        cases.add(new Case("truncated token part", CT, "--" + B + "\r\nContent-Disposition: form-data; name=\"" + FIELD + "\"\r\n\r\nptk_trunc", false));
        // Content-Type edges.
        cases.add(new Case("boundary of 71", "multipart/form-data; boundary=" + "a".repeat(71), part(FIELD, "x").replace(B, "a".repeat(71)) + "--" + "a".repeat(71) + "--\r\n", false));
        cases.add(new Case("boundary with @", "multipart/form-data; boundary=\"a@b\"", (part(FIELD, "ptk_at") + END).replace(B, "a@b"), false));
        cases.add(new Case("boundary ending in space", "multipart/form-data; boundary=\"ab \"", (part(FIELD, "ptk_sp") + END).replace(B, "ab "), false));
        cases.add(new Case("boundary with comma", "multipart/form-data; boundary=a,b", (part(FIELD, "ptk_comma") + END).replace(B, "a,b"), false));
        cases.add(new Case("boundary with comma, body by the first half", "multipart/form-data; boundary=a,b", (part(FIELD, "ptk_comma2") + END).replace(B, "a"), false));
        cases.add(new Case("quoted boundary with odd chars", "multipart/form-data; boundary=\"a'()+_,-./:=? b\"", (part(FIELD, "ptk_odd") + END).replace(B, "a'()+_,-./:=? b"), false));
        cases.add(new Case("quoted boundary with escape", "multipart/form-data; boundary=\"a\\bc\"", (part(FIELD, "ptk_qe") + END).replace(B, "abc"), false));
        cases.add(new Case("boundary in a quoted parameter", "multipart/form-data; x=\"; boundary=evil\"; boundary=" + B, part(FIELD, "ptk_qp") + END, false));
        cases.add(new Case("boundary in a quoted parameter, body by it", "multipart/form-data; x=\"; boundary=evil\"; boundary=" + B, (part(FIELD, "ptk_qp2") + END).replace(B, "evil"), false));
        cases.add(new Case("another media type", "multipart/form-datax; boundary=" + B, part(FIELD, "ptk_mt") + END, false));
        cases.add(new Case("mixed", "multipart/mixed; boundary=" + B, part(FIELD, "ptk_mixed") + END, false));
        cases.add(new Case("space before =", "multipart/form-data; boundary =" + B, part(FIELD, "ptk_sbe") + END, false));
        cases.add(new Case("empty parameters", "multipart/form-data;; boundary=" + B + ";", part(FIELD, "ptk_ep") + END, false));
        cases.add(new Case("comma separated parameters", "multipart/form-data, boundary=" + B, part(FIELD, "ptk_csp") + END, false));
        // Hostile sizes.
        cases.add(new Case("dashes with a dash boundary", "multipart/form-data; boundary=" + dashes, "-".repeat(256 * 1024), false));
        cases.add(new Case("near-delimiters in a file", "multipart/form-data; boundary=" + dashes,
                ("--" + dashes + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n" + ("\r\n" + "-".repeat(71) + "x").repeat(2000)
                        + "\r\n--" + dashes + "\r\nContent-Disposition: form-data; name=\"" + FIELD + "\"\r\n\r\nptk_near\r\n--" + dashes + "--\r\n"), true));
        return cases;
    }

    /** Random edits of the hand-made bodies, and sometimes of their Content-Type, from a fixed seed. */
    static List<Case> mutants(List<Case> seeds) {
        Random random = new Random(SEED);
        byte[] alphabet = ("\r\n\r\n--" + B + " \t:;=\"\\-Xx" + FIELD).getBytes(StandardCharsets.ISO_8859_1);
        List<Case> mutants = new ArrayList<>();
        List<Case> small = seeds.stream().filter(c -> c.body().length < 4096).toList();
        List<Case> accepted = small.stream().filter(Case::browserLike).toList();
        for (int i = 0; i < MUTANTS; i++) {
            // Mostly edits of bodies the reader accepts: those are where a wrong token could come from.
            List<Case> from = random.nextInt(4) == 0 ? small : accepted;
            Case seed = from.get(random.nextInt(from.size()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] body = seed.body();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = body.length == 0 ? 0 : random.nextInt(body.length);
                out.reset();
                switch (random.nextInt(5)) {
                    case 0 -> { // insert a byte
                        out.write(body, 0, at);
                        out.write(alphabet[random.nextInt(alphabet.length)]);
                        out.write(body, at, body.length - at);
                    }
                    case 1 -> { // delete a byte
                        out.write(body, 0, at);
                        out.write(body, Math.min(body.length, at + 1), Math.max(0, body.length - at - 1));
                    }
                    case 2 -> { // replace a byte
                        out.write(body, 0, at);
                        out.write(alphabet[random.nextInt(alphabet.length)]);
                        out.write(body, Math.min(body.length, at + 1), Math.max(0, body.length - at - 1));
                    }
                    case 3 -> { // repeat a slice
                        int len = Math.min(body.length - at, 1 + random.nextInt(64));
                        out.write(body, 0, at + len);
                        out.write(body, at, body.length - at);
                    }
                    default -> { // CRLF to LF at one place
                        String text = new String(body, StandardCharsets.ISO_8859_1);
                        int crlf = text.indexOf("\r\n", at);
                        String edited = crlf < 0 ? text : text.substring(0, crlf) + text.substring(crlf + 1);
                        out.writeBytes(edited.getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
                body = out.toByteArray();
            }
            String contentType = seed.contentType();
            if (random.nextInt(8) == 0) {
                StringBuilder type = new StringBuilder(contentType);
                int at = random.nextInt(type.length() + 1);
                String inserts = " ;=\"\\,xb";
                type.insert(at, inserts.charAt(random.nextInt(inserts.length())));
                contentType = type.toString();
            }
            mutants.add(new Case("mutant " + i + " of " + seed.label(), contentType, body, false));
        }
        return mutants;
    }

    // --- the readers ------------------------------------------------------------------------

    /** What the filter takes: the reader's public way in, on a request whose body is {@code body}. */
    static String filterReads(Case c, InputStream body) throws IOException {
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() throws IOException {
                return body.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return body.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(MultipartDifferentialTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> "getInputStream".equals(method.getName()) ? stream : null);
        return MultipartPrefix.find(request, c.contentType(), FIELD, line -> 1).token();
    }

    static Reading containerReads(int port, Case c) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/parts"))
                .timeout(TestSettings.WAIT)
                .header("Content-Type", c.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
        return Reading.parse(response.statusCode(), response.body());
    }

    // --- the tests ----------------------------------------------------------------------------

    @Test
    void handMadeBodies_theReaderTakesNoTokenTheContainersWouldNotGive() throws Exception {
        List<String> problems = compare("hand-made", handMade());

        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void randomMutations_theReaderTakesNoTokenTheContainersWouldNotGive() throws Exception {
        List<String> problems = compare("mutants", mutants(handMade()));

        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void dribbledBodies_readTheSameAsWholeOnes() throws Exception {
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>(handMade());
        cases.addAll(mutants(handMade()));
        for (Case c : cases) {
            String whole = filterReads(c, new ByteArrayInputStream(c.body()));
            String dribbled = filterReads(c, new Dribble(c.body(), random.nextLong()));

            assertEquals(whole, dribbled, c.label());
        }
    }

    /**
     * Each body's three readings, one line each, go to {@code target/multipart-differential-NAME.txt}
     * (hundreds of lines: kept out of the build's output); the problems name their lines.
     */
    private static List<String> compare(String name, List<Case> cases) throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> table = new ArrayList<>();
        int taken = 0;
        int refusedWhereBothAgreed = 0;
        int takenWhileAContainerRefusedTheBody = 0;
        for (Case c : cases) {
            String ours = filterReads(c, new ByteArrayInputStream(c.body()));
            Reading inJetty = containerReads(JETTY.port(), c);
            Reading inTomcat = containerReads(tomcat.port(), c);
            String line = String.format("%-55s reader=%-22s jetty=%-26s tomcat=%s", abbreviate(c.label()),
                    ours == null ? "-" : "TOKEN[" + abbreviate(ours) + "]", inJetty, inTomcat);
            table.add(line);
            if (ours != null) {
                taken++;
                for (Reading container : List.of(inJetty, inTomcat)) {
                    if (container.kind().equals("ERROR")) {
                        takenWhileAContainerRefusedTheBody++;
                    } else if (!container.kind().equals("TOKEN") || !container.token().equals(ours)) {
                        problems.add("the reader took another token than a container: " + line);
                    }
                }
            } else if (inJetty.kind().equals("TOKEN") && inJetty.equals(inTomcat)) {
                refusedWhereBothAgreed++;
                if (c.browserLike()) {
                    problems.add("a browser's body was refused: " + line);
                }
            }
        }
        Path written = Files.write(Path.of("target", "multipart-differential-" + name + ".txt"), table);
        System.out.printf("[bodies=%d, token_taken=%d, refused_where_both_containers_agreed=%d, "
                + "taken_while_a_container_refused_the_body=%d, readings=%s]%n", cases.size(), taken, refusedWhereBothAgreed,
                takenWhileAContainerRefusedTheBody, written);
        return problems;
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replace("\r", "\\r").replace("\n", "\\n");
    }
}
