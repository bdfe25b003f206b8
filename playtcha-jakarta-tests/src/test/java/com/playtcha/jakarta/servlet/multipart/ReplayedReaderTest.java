package com.playtcha.jakarta.servlet.multipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The request the filter hands on after reading a multipart prefix: its reader decodes as the
 * request's charset says, and a charset the JVM does not know is the checked
 * {@code UnsupportedEncodingException} the containers throw, not an unchecked exception (a 500 in a
 * servlet that handles I/O errors).
 */
class ReplayedReaderTest {

    private static HttpServletRequest request(String contentType, String encoding, byte[] body) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(ReplayedReaderTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> stream;
                    case "getCharacterEncoding" -> encoding;
                    case "getContentType" -> contentType;
                    default -> null;
                });
    }

    private static final String CONTENT_TYPE = "multipart/form-data; boundary=XyZ";

    /** A browser's body of these fields, in this order. */
    private static byte[] form(String... namesAndValues) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.append("--XyZ\r\nContent-Disposition: form-data; name=\"").append(namesAndValues[i]).append("\"\r\n\r\n")
                    .append(namesAndValues[i + 1]).append("\r\n");
        }
        return body.append("--XyZ--\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readerOfAReplayedBody_inAnUnknownCharset_throwsUnsupportedEncoding() throws Exception {
        byte[] form = form("playtcha-token", "ptk_abc");
        HttpServletRequest replayed = MultipartPrefix.find(request(CONTENT_TYPE, "x-unknown", form), CONTENT_TYPE, "playtcha-token",
                line -> 1).request();

        assertThrows(UnsupportedEncodingException.class, replayed::getReader);
    }

    @Test
    void readerOfAReplayedBody_readsTheWholeBodyInItsCharset() throws Exception {
        byte[] form = form("playtcha-token", "ptk_abc", "name", "Ad\u00e9le");
        MultipartPrefix.Found found = MultipartPrefix.find(request(CONTENT_TYPE, "\"UTF-8\"", form), CONTENT_TYPE,
                "playtcha-token", line -> 1);

        assertEquals("ptk_abc", found.token());
        java.io.StringWriter read = new java.io.StringWriter();
        found.request().getReader().transferTo(read);
        assertEquals(new String(form, StandardCharsets.UTF_8), read.toString());
    }
}
