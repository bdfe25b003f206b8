package com.playtcha.jakarta.security;

import java.util.List;

/**
 * The servlet URL patterns of {@link PlaytchaLogin#paths()}, matched as the servlet specification
 * matches a filter mapping: exact ({@code /api/login}), prefix ({@code /login/*}, which also matches
 * {@code /login}), extension ({@code *.login}), and {@code /*} or {@code /} for every path. Checked
 * once, when the application starts ({@link PlaytchaSecurityExtension}).
 */
record LoginPaths(List<String> patterns) {

    LoginPaths {
        patterns = List.copyOf(patterns);
        for (String pattern : patterns) {
            if (!valid(pattern)) {
                throw new IllegalArgumentException("@PlaytchaLogin(paths): '" + pattern + "' is not a servlet URL "
                        + "pattern; write an exact path (/api/login), a prefix (/login/*) or an extension (*.login)");
            }
        }
    }

    static LoginPaths of(String... patterns) {
        return new LoginPaths(List.of(patterns));
    }

    /** Whether the context-relative {@code path} (servlet path and path info) matches one of the patterns. */
    boolean matches(String path) {
        for (String pattern : patterns) {
            if (matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        if (pattern.equals("/") || pattern.equals("/*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return path.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        return path.equals(pattern);
    }

    private static boolean valid(String pattern) {
        if (pattern.startsWith("*.")) {
            return pattern.length() > 2 && pattern.indexOf('/') < 0;
        }
        return pattern.startsWith("/") && pattern.indexOf('*') == pattern.lastIndexOf('*')
                && (pattern.indexOf('*') < 0 || pattern.endsWith("/*"));
    }
}
