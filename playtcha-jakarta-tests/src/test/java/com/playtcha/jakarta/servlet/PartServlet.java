package com.playtcha.jakarta.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The container's own reading of a multipart body: a servlet deployed with a multipart config that
 * answers what {@code getPart(field)} gave, as one line: {@code TOKEN <hex of the value's bytes>},
 * {@code NONE} (no such part), or {@code ERROR <exception>} (the container refused the body). The
 * value is read as {@link ServletGuardedRequest} reads it: at most 8 KiB + 1 bytes, as UTF-8.
 */
final class PartServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String FIELD = "playtcha-token";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer;
        try {
            Part part = request.getPart(FIELD);
            if (part == null) {
                answer = "NONE";
            } else {
                try (InputStream in = part.getInputStream()) {
                    String value = new String(in.readNBytes(8 * 1024 + 1), StandardCharsets.UTF_8);
                    answer = "TOKEN " + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (Exception refused) {
            answer = "ERROR " + refused.getClass().getSimpleName();
        }
        response.setStatus(200);
        response.setContentType("text/plain;charset=US-ASCII");
        response.getWriter().print(answer);
    }
}
