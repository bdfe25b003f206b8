package com.playtcha.jakarta.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.lang.reflect.Proxy;
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

    @Test
    void readerOfAReplayedBody_inAnUnknownCharset_throwsUnsupportedEncoding() throws Exception {
        Multipart form = new Multipart().field("playtcha-token", "ptk_abc");
        HttpServletRequest replayed = MultipartPrefix.find(request(form.contentType(), "x-unknown", form.bytes()),
                form.contentType(), "playtcha-token").request();

        assertThrows(UnsupportedEncodingException.class, replayed::getReader);
    }

    @Test
    void readerOfAReplayedBody_readsTheWholeBodyInItsCharset() throws Exception {
        Multipart form = new Multipart().field("playtcha-token", "ptk_abc").field("name", "Ada");
        MultipartPrefix.Found found = MultipartPrefix.find(request(form.contentType(), "\"UTF-8\"", form.bytes()),
                form.contentType(), "playtcha-token");

        assertEquals("ptk_abc", found.token());
        java.io.StringWriter read = new java.io.StringWriter();
        found.request().getReader().transferTo(read);
        assertEquals(new String(form.bytes(), java.nio.charset.StandardCharsets.UTF_8), read.toString());
    }
}
