package com.playtcha.jakarta.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The application behind the filter: answers 200 with what it saw, as {@code key=value} lines
 * ({@link Reply#echo()} reads them). Every com.playtcha.* attribute is written as its value and its
 * type ({@code com.playtcha.degraded=false}, {@code com.playtcha.degraded.type=Boolean}); an absent
 * attribute is left out. Depending on {@link Read}, it also reads the body: raw (length and SHA-256,
 * so a test can tell the exact bytes arrived) or as multipart parts.
 *
 * <p>Served as an error page it also writes the error status, and it keeps the status of the
 * error dispatch (Jetty sets it before the page runs).
 */
final class EchoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String SERVLET = "servlet";
    static final String DISPATCHER = "dispatcher";
    static final String ERROR_STATUS = "error.status";
    static final String BODY_LENGTH = "body.length";
    static final String BODY_SHA256 = "body.sha256";

    static final List<String> ATTRIBUTES = List.of(PlaytchaFilter.RESULT, PlaytchaFilter.OUTCOME,
            PlaytchaFilter.DEGRADED, PlaytchaFilter.FAILED_OPEN, PlaytchaFilter.ERROR_CODE, PlaytchaFilter.REQUEST_ID, PlaytchaFilter.LEDGER_ID);

    /** What the servlet does with the request body. */
    enum Read {
        /** Leaves it alone. */
        NOTHING,
        /** Reads every byte from {@code getInputStream()}. */
        RAW_BODY,
        /** Reads {@code getParts()} (the servlet needs a multipart config). */
        PARTS
    }

    private final Read read;

    EchoServlet() {
        this(Read.NOTHING);
    }

    EchoServlet(Read read) {
        this.read = read;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        StringBuilder out = new StringBuilder();
        line(out, SERVLET, getServletName());
        line(out, DISPATCHER, request.getDispatcherType());
        line(out, "method", request.getMethod());
        Object errorStatus = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (errorStatus != null) {
            line(out, ERROR_STATUS, errorStatus);
        }
        for (String name : ATTRIBUTES) {
            Object value = request.getAttribute(name);
            if (value != null) {
                line(out, name, name.equals(PlaytchaFilter.RESULT) ? value.getClass().getSimpleName() : value);
                line(out, name + ".type", value.getClass().getSimpleName());
            }
        }
        switch (read) {
            case RAW_BODY -> {
                byte[] body = request.getInputStream().readAllBytes();
                line(out, BODY_LENGTH, body.length);
                line(out, BODY_SHA256, sha256(body));
            }
            case PARTS -> {
                for (Part part : request.getParts()) {
                    byte[] content;
                    try (InputStream in = part.getInputStream()) {
                        content = in.readAllBytes();
                    }
                    String prefix = "part." + part.getName();
                    line(out, prefix + ".length", content.length);
                    line(out, prefix + ".sha256", sha256(content));
                    if (part.getSubmittedFileName() == null) {
                        line(out, prefix + ".value", new String(content, StandardCharsets.UTF_8));
                    }
                }
            }
            default -> {
            }
        }
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            response.setStatus(200);
        }
        response.setContentType("text/plain;charset=UTF-8");
        // Not flushed: committed at the end, the container can still close a connection whose
        // request body was left unread, and say so.
        PrintWriter writer = response.getWriter();
        writer.write(out.toString());
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append('=').append(String.valueOf(value).replace("\n", "\\n")).append('\n');
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
