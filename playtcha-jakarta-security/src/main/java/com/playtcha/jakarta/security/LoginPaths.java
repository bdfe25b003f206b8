package com.playtcha.jakarta.security;

import com.playtcha.jakarta.spi.door.LoginPost;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The servlet URL patterns of {@link PlaytchaLogin#paths()}, matched as the servlet specification
 * matches a filter mapping: exact ({@code /api/login}), prefix ({@code /login/*}, which also matches
 * {@code /login}), extension ({@code *.login}), and {@code /*} or {@code /} for every path. Checked
 * once, when the application starts ({@link PlaytchaSecurityExtension}).
 *
 * <p>A request names a pattern in any form ({@link #namedBy}): a mechanism may read the path its own
 * way, so the patterns are matched, case-insensitively, against the path the container mapped and
 * against the request URI made {@linkplain #canonical canonical}. Matching too much only asks for a
 * token where credentials could be; matching too little lets a login through without one.
 */
record LoginPaths(List<String> patterns) {

    /** Decoding rounds of the request URI: {@code %256C} is {@code l} to a mechanism that decodes again. */
    private static final int DECODING_ROUNDS = 3;

    LoginPaths {
        patterns = List.copyOf(patterns);
        for (String pattern : patterns) {
            if (!valid(pattern)) {
                throw new IllegalArgumentException("'" + pattern + "' is not a servlet URL "
                        + "pattern; write an exact path (/api/login), a prefix (/login/*) or an extension (*.login)");
            }
        }
    }

    static LoginPaths of(String... patterns) {
        return new LoginPaths(List.of(patterns));
    }

    /**
     * Whether a request names one of the patterns, in any form: its {@code mappedPath} (servlet path
     * and path info, as the container decoded them; {@code null} when the container would not say),
     * or its {@code requestUri} made canonical with the {@code contextPath} removed. A URI that cannot
     * be decoded (a malformed percent-escape) could name any path, and so names them all (when there
     * are any).
     */
    boolean namedBy(String mappedPath, String requestUri, String contextPath) {
        if (patterns.isEmpty()) {
            return false;
        }
        if (mappedPath != null && matches(canonical(mappedPath))) {
            return true;
        }
        String uri = requestUri == null ? null : decoded(requestUri);
        String context = contextPath == null ? "" : decoded(contextPath);
        if (uri == null || context == null) {
            return true;
        }
        return matches(withoutContext(canonical(uri), canonical(context)));
    }

    /**
     * Whether a request names one of the patterns in every form it has: its {@code mappedPath} and its
     * canonical {@code requestUri} both match (for an exemption, which a path that only one reading
     * names must not get). {@code false} when the container would not say how it mapped the path, or
     * the URI cannot be decoded.
     */
    boolean namedInEveryForm(String mappedPath, String requestUri, String contextPath) {
        if (patterns.isEmpty() || mappedPath == null || requestUri == null || !matches(canonical(mappedPath))) {
            return false;
        }
        String uri = decoded(requestUri);
        String context = contextPath == null ? "" : decoded(contextPath);
        return uri != null && context != null && matches(withoutContext(canonical(uri), canonical(context)));
    }

    /** Whether the context-relative {@code path} matches one of the patterns, in any case. */
    boolean matches(String path) {
        for (String pattern : patterns) {
            if (matches(pattern.toLowerCase(Locale.ROOT), path.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code path} (already decoded) in one form: backslashes read as slashes, {@code ;parameters}
     * dropped from every segment, empty and {@code .} segments dropped, {@code ..} resolved (never above
     * the root), no trailing slash, lower case. {@code /API//x/..;a=1/login/} is {@code /api/login}.
     */
    static String canonical(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (name.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!name.isEmpty() && !name.equals(".")) {
                segments.add(name);
            }
        }
        return ("/" + String.join("/", segments)).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code raw} percent-decoded (UTF-8), again while that still changes it, up to
     * {@value #DECODING_ROUNDS} rounds; {@code null} when its first decoding meets a malformed escape.
     */
    static String decoded(String raw) {
        String decoded = LoginPost.decoded(raw, false);
        for (int round = 1; round < DECODING_ROUNDS && decoded != null && decoded.indexOf('%') >= 0; round++) {
            String again = LoginPost.decoded(decoded, false);
            if (again == null) {
                break;
            }
            decoded = again;
        }
        return decoded;
    }

    /**
     * The canonical {@code uri} after the canonical {@code context}: the part that follows it, or,
     * where the two disagree (the container read the context path another way), the URI without as
     * many leading segments as the context path has.
     */
    private static String withoutContext(String uri, String context) {
        if (context.equals("/")) {
            return uri;
        }
        if (uri.equals(context) || uri.startsWith(context + "/")) {
            return uri.length() == context.length() ? "/" : uri.substring(context.length());
        }
        int cut = 0;
        for (int segment = 0; segment < context.split("/").length - 1 && cut >= 0; segment++) {
            cut = uri.indexOf('/', cut + 1);
        }
        return cut < 0 ? "/" : uri.substring(cut);
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
