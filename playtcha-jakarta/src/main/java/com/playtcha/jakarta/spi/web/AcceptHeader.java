package com.playtcha.jakarta.spi.web;

import java.util.Locale;

/**
 * Reads an {@code Accept} header for one question: does the client prefer JSON to HTML? It does
 * when it names {@code application/json} or a {@code +json} type with a q-value above that of any
 * {@code text/html} it names. A missing header, or {@code *}{@code /*} alone, is no preference:
 * browsers get the application's error page. Every integration (the servlet filter, the Jakarta
 * REST filter) asks this one question the same way.
 */
final class AcceptHeader {

    private AcceptHeader() {
    }

    /** Whether {@code accept} (an {@code Accept} header, or {@code null}) prefers JSON to HTML. */
    public static boolean prefersJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double json = -1;
        double html = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = quality(parts);
            if (type.equals("application/json") || type.indexOf('/') > 0 && type.endsWith("+json")) {
                json = Math.max(json, q);
            } else if (type.equals("text/html")) {
                html = Math.max(html, q);
            }
        }
        return json > 0 && json > html;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.length() > 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(param.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException unreadable) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
