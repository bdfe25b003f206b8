package com.playtcha.examples.webxml;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code com.playtcha.*} request attributes that PlaytchaFilter sets on every guarded
 * request (and that an error page still sees). The names are the library's public contract; this
 * example spells them out rather than importing the filter, as a JSP or another framework would.
 */
final class PlaytchaAttributes {

    static final List<String> NAMES = List.of("com.playtcha.outcome", "com.playtcha.degraded",
            "com.playtcha.failed-open", "com.playtcha.error-code", "com.playtcha.request-id", "com.playtcha.ledger-id", "com.playtcha.result");

    private PlaytchaAttributes() {
    }

    /** Every attribute by name, in a fixed order; an absent one maps to {@code null}. */
    static Map<String, Object> of(HttpServletRequest request) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : NAMES) {
            values.put(name, request.getAttribute(name));
        }
        return values;
    }

    static String outcome(HttpServletRequest request) {
        Object outcome = request.getAttribute("com.playtcha.outcome");
        return outcome == null ? "not checked" : outcome.toString();
    }

    static boolean failedOpen(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute("com.playtcha.failed-open"));
    }

    static boolean degraded(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute("com.playtcha.degraded"));
    }
}
