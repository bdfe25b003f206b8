package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Finding one field in a multipart prefix, without a container. The filter tests cover it over HTTP. */
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
}
