package com.playtcha.jakarta.spring.webflux;

import com.playtcha.jakarta.spi.door.LoginPost;
import com.playtcha.jakarta.spi.web.WebGuard;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code playtcha.url-patterns} matched as a servlet container matches them, over a WebFlux request's path
 * within the application: exact ({@code /signup}), prefix ({@code /contact/*}, which takes {@code /contact}
 * too), extension ({@code *.do}) and {@code /} (every path). The path is read in every form a server or a
 * proxy may hand on for the same resource, and a request is guarded when any of them matches: as the client
 * wrote it, and normalized (path parameters removed, percent-escapes decoded, dot segments resolved,
 * empty segments and a trailing slash dropped). So {@code /signup;x=1}, {@code /sign%75p}, {@code //signup},
 * {@code /a/../signup} and {@code /signup/} are all {@code /signup}: guarding one path form a handler
 * would not serve costs nothing, and missing one it would serve is a way past the guard.
 */
final class UrlPatterns {

    private final List<String> patterns;

    UrlPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** Whether {@code rawPath} (within the application, as the client wrote it) is guarded. */
    boolean matches(String rawPath) {
        return matchesForm(rawPath) || matchesForm(normalized(rawPath));
    }

    private boolean matchesForm(String path) {
        for (String pattern : patterns) {
            if (matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        if (pattern.equals("/")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            int slash = path.lastIndexOf('/');
            return path.indexOf('.', slash + 1) >= 0 && path.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/") || prefix.isEmpty();
        }
        return path.equals(pattern);
    }

    /**
     * {@code raw} as a servlet container resolves it: path parameters removed, percent-escapes decoded (as
     * the most lenient container decodes them, {@code %2F} to {@code /} included), {@code .} and {@code ..}
     * segments resolved, empty segments and the trailing slash dropped; {@code /} for the root.
     */
    static String normalized(String raw) {
        String decoded = LoginPost.decoded(WebGuard.path(raw), true);
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }
}
