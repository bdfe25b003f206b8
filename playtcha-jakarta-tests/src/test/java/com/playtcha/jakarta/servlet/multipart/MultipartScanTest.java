package com.playtcha.jakarta.servlet.multipart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finding one field in a multipart prefix, without a container. The filter tests cover it over
 * HTTP; {@link MultipartDifferentialTest} holds it to Jetty's and Tomcat's parsers.
 */
class MultipartScanTest {

    private static final byte[] DELIMITER = "--XyZ".getBytes(StandardCharsets.ISO_8859_1);

    private static String scan(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        MultipartScanner scanner = new MultipartScanner(DELIMITER, "playtcha-token");
        scanner.scan(bytes, bytes.length);
        return scanner.token();
    }

    private static String part(String name, String value) {
        return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    @Test
    void findsTheField_amongOthers() {
        String body = part("email", "a@b.c") + part("playtcha-token", "ptk_1") + "--XyZ--\r\n";

        assertEquals("ptk_1", scan(body));
    }

    @Test
    void findsTheField_beforeTheRestOfTheBodyArrived() {
        String body = part("playtcha-token", "ptk_2") + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; fil";

        assertEquals("ptk_2", scan(body));
    }

    @Test
    void anIncompletePart_isNotAnswerYet() {
        assertNull(scan("--XyZ\r\nContent-Disposition: form-data; name=\"playtcha-token\"\r\n\r\nptk_par"));
    }

    @Test
    void aFileNamedLikeTheField_isNotTheToken() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"playtcha-token\"; filename=\"t.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nptk_in_a_file\r\n--XyZ--\r\n";

        assertNull(scan(body));
    }

    @Test
    void theClosingDelimiter_endsTheSearch() {
        assertNull(scan(part("email", "a@b.c") + "--XyZ--\r\n" + part("playtcha-token", "after_the_end")));
    }

    @Test
    void garbage_findsNothing() {
        assertNull(scan("this is not multipart at all \r\n\r\n --XyZ"));
        assertNull(scan(""));
    }

    private static MultipartScanner.Verdict verdict(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new MultipartScanner(DELIMITER, "playtcha-token").scan(bytes, bytes.length);
    }

    @Test
    void aHeaderNameIsAnchoredAtTheLineStart_xContentDispositionIsNotTheField() {
        String body = "--XyZ\r\nX-Content-Disposition: form-data; name=\"playtcha-token\"\r\n"
                + "Content-Disposition: form-data; name=\"other\"\r\n\r\nptk_fake\r\n" + part("playtcha-token", "ptk_real") + "--XyZ--\r\n";

        assertEquals("ptk_real", scan(body));
    }

    @Test
    void headerNamesAndTheNameParameter_matchCaseInsensitively() {
        assertEquals("ptk_c", scan("--XyZ\r\ncontent-DISPOSITION: Form-Data; NAME=playtcha-token\r\n\r\nptk_c\r\n--XyZ--"));
    }

    @Test
    void lfOnlyLineEnds_areRefused() {
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict((part("playtcha-token", "ptk_lf") + "--XyZ--\r\n").replace("\r\n", "\n")));
    }

    @Test
    void aDelimiterAfterABareLfInsideAValue_isRefused_notTakenAsAPartBoundary() {
        String body = part("name", "Ada\n--XyZ\r\nContent-Disposition: form-data; name=\"playtcha-token\"\r\n\r\nptk_in")
                + part("playtcha-token", "ptk_out") + "--XyZ--\r\n";

        assertEquals(MultipartScanner.Verdict.REFUSED, verdict(body));
    }

    @Test
    void aPreamble_transportPaddingOrJunkAfterADelimiter_areRefused() {
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict("preamble\r\n" + part("playtcha-token", "p")));
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict(part("playtcha-token", "p").replace("XyZ\r\n", "XyZ \r\n")));
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict(part("playtcha-token", "p") + "--XyZX\r\n"));
    }

    @Test
    void theFieldsValue_isTakenOnlyOnceTheDelimiterAfterItIsKnownToBeOne() {
        assertEquals(MultipartScanner.Verdict.MORE, verdict(part("playtcha-token", "p") + "--XyZ"));
        assertEquals(MultipartScanner.Verdict.MORE, verdict(part("playtcha-token", "p") + "--XyZ\r"));
        assertEquals(MultipartScanner.Verdict.FOUND, verdict(part("playtcha-token", "p") + "--XyZ--"));
    }

    @Test
    void foldedOrUnanchoredHeaderLines_areRefused() {
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict("--XyZ\r\nContent-Disposition: form-data;\r\n name=\"playtcha-token\"\r\n\r\np\r\n--XyZ--"));
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict("--XyZ\r\nContent-Disposition : form-data; name=\"playtcha-token\"\r\n\r\np\r\n--XyZ--"));
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\rX: y\r\n\r\np\r\n--XyZ--"));
    }

    @Test
    void aDispositionTwoParsersCouldReadTwoWays_isRefused() {
        for (String disposition : new String[] {"form-datax; name=\"playtcha-token\"", "attachment; name=\"playtcha-token\"",
                "form-data; name=\"playtcha\\-token\"", "form-data; name=\"a\"; name=\"playtcha-token\"",
                "form-data; name = \"playtcha-token\"", "form-data; name=\"playtcha-token\"; filename*=UTF-8''a",
                "form-data; filename=\"a\""}) {
            String body = "--XyZ\r\nContent-Disposition: " + disposition + "\r\n\r\np\r\n" + part("playtcha-token", "q") + "--XyZ--";

            assertEquals(MultipartScanner.Verdict.REFUSED, verdict(body), disposition);
        }
    }

    @Test
    void theFieldWithAContentTransferEncoding_isRefused() {
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict("--XyZ\r\nContent-Disposition: form-data; name=\"playtcha-token\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\ncA==\r\n--XyZ--"));
    }

    @Test
    void theFieldsContentType_isJudgedWhereverItStands_andTwoAreRefused() {
        String field = "Content-Disposition: form-data; name=\"playtcha-token\"\r\n";
        assertEquals("ptk_ct", scan("--XyZ\r\nContent-Type: text/plain; charset=UTF-8\r\n" + field + "\r\nptk_ct\r\n--XyZ--"));
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict("--XyZ\r\nContent-Type: text/plain; charset=x-unknown\r\n" + field
                + "\r\nptk_ct\r\n--XyZ--"));
        assertEquals(MultipartScanner.Verdict.REFUSED, verdict("--XyZ\r\n" + field + "Content-Type: text/plain\r\n"
                + "Content-Type: text/plain; charset=UTF-16\r\n\r\nptk_ct\r\n--XyZ--"), "which one would the container read?");
        assertEquals("ptk_2", scan("--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\nContent-Type: text/plain\r\n"
                + "Content-Type: nonsense\r\n\r\nx\r\n" + part("playtcha-token", "ptk_2") + "--XyZ--"), "another part's are its own");
    }

    @Test
    void aDispositionsParameters_areReadAsHeaderParametersReadsThem() {
        for (String disposition : List.of("form-data; name=playtcha-token", "FORM-DATA ;\tNAME=\"playtcha-token\" ;",
                "form-data;; name=\"playtcha-token\"")) {
            assertEquals("ptk_d", scan("--XyZ\r\nContent-Disposition: " + disposition + "\r\n\r\nptk_d\r\n--XyZ--"), disposition);
        }
        for (String disposition : List.of("form-data; name=\"playtcha-token\"; NAME=x", "form-data; name=\"playtcha\\-token\"",
                "form-data; name =\"playtcha-token\"", "form-data; name=\"playtcha-token", "form-data; name=", "form-data name=x",
                "form-data; name=\"playtcha-token\"; filename=a; filename=b", "form-data; size=3; name=\"playtcha-token\"")) {
            assertEquals(MultipartScanner.Verdict.REFUSED, verdict("--XyZ\r\nContent-Disposition: " + disposition
                    + "\r\n\r\nptk_d\r\n--XyZ--"), disposition);
        }
    }

    @Test
    void aFileNamedLikeTheField_refusesTheBody_evenWithARealFieldAfterIt() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"playtcha-token\"; filename=\"t\"\r\n\r\nptk_file\r\n"
                + part("playtcha-token", "ptk_field") + "--XyZ--";

        assertEquals(MultipartScanner.Verdict.REFUSED, verdict(body));
    }

    @Test
    void twoTokenFields_theFirstIsTaken_asGetPartAnswersInJettyAndTomcat() {
        assertEquals("ptk_1", scan(part("playtcha-token", "ptk_1") + part("playtcha-token", "ptk_2") + "--XyZ--"));
    }

    @Test
    void theBoundaryParameter_isMatchedWhole_andOnlyOnce() {
        assertArrayEquals(bytes("--real"), DelimiterSearch.dashBoundary("multipart/form-data; xboundary=evil; boundary=real"));
        assertArrayEquals(bytes("--real"), DelimiterSearch.dashBoundary("Multipart/Form-Data;BOUNDARY=\"real\""));
        assertArrayEquals(bytes("--real"), DelimiterSearch.dashBoundary("multipart/form-data; x=\"; boundary=evil\"; boundary=real"));
        assertArrayEquals(bytes("--a'()+_,-./:=? b"), DelimiterSearch.dashBoundary("multipart/form-data; boundary=\"a'()+_,-./:=? b\""));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data; boundary=a; boundary=b"));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data; xboundary=evil"));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data; boundary =a"));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data; boundary=a,b"));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data; boundary=\"a\\b\""));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data; boundary=\"a@b\""));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data; boundary=\"ab \""));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data; boundary=" + "a".repeat(71)));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-datax; boundary=a"));
        assertNull(DelimiterSearch.dashBoundary("multipart/mixed; boundary=a"));
        assertNull(DelimiterSearch.dashBoundary("multipart/form-data"));
    }

    @Test
    void aBodyFedOneByteAtATime_givesTheSameAnswer() {
        byte[] body = (part("email", "a@b.c") + part("playtcha-token", "ptk_slow") + "--XyZ--\r\n").getBytes(StandardCharsets.UTF_8);
        MultipartScanner scanner = new MultipartScanner(DELIMITER, "playtcha-token");
        MultipartScanner.Verdict verdict = MultipartScanner.Verdict.MORE;
        for (int length = 1; length <= body.length && verdict == MultipartScanner.Verdict.MORE; length++) {
            verdict = scanner.scan(body, length);
        }

        assertEquals(MultipartScanner.Verdict.FOUND, verdict);
        assertEquals("ptk_slow", scanner.token());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
