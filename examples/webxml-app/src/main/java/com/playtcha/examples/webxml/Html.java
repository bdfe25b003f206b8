package com.playtcha.examples.webxml;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

/** Just enough HTML for the example's pages: a page frame, escaping and the attribute table. */
final class Html {

    private Html() {
    }

    static PrintWriter begin(HttpServletResponse response, String title) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.printf("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title>"
                + "<link rel=\"stylesheet\" href=\"style.css\"></head><body><h1>%s</h1>%n", escape(title), escape(title));
        return out;
    }

    static void end(PrintWriter out) {
        out.println("<p><a href=\"./\">Back to the forms</a></p></body></html>");
    }

    /** The table of every com.playtcha.* attribute; the test and the demo read it by id. */
    static void attributes(PrintWriter out, Map<String, Object> attributes) {
        out.println("<table id=\"attributes\"><tr><th>request attribute</th><th>value</th></tr>");
        attributes.forEach((name, value) -> out.printf("<tr><td>%s</td><td data-name=\"%s\">%s</td></tr>%n",
                escape(name), escape(name), value == null ? "<i>(absent)</i>" : escape(value.toString())));
        out.println("</table>");
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
