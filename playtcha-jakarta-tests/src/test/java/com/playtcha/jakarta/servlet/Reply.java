package com.playtcha.jakarta.servlet;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP response as the client saw it.
 *
 * @param status  the status code
 * @param headers the response headers by name
 * @param body    the body bytes
 */
record Reply(int status, Map<String, List<String>> headers, byte[] body) {

    /** The first value of the header, case-insensitively, or {@code null}. */
    String header(String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as a JSON object (the filter's error envelope). */
    JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(text()))) {
            return reader.readObject();
        }
    }

    /** What {@link EchoServlet} wrote: its {@code key=value} lines as a map. */
    Map<String, String> echo() {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : text().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return lines;
    }

    /** Whether the request reached {@link EchoServlet} (or an error page served by it). */
    boolean echoed() {
        return echo().containsKey(EchoServlet.SERVLET);
    }

    @Override
    public String toString() {
        String text = text();
        return "Reply[" + status + ", " + headers + ", " + (text.length() > 600 ? text.substring(0, 600) + "..." : text) + "]";
    }
}
