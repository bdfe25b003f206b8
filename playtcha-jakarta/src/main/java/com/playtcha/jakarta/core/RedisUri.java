package com.playtcha.jakarta.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code playtcha.redis.uri} read twice: for what it names ({@link #check}: one server, a Redis Cluster's
 * nodes or a Sentinel group, in the forms Lettuce reads) and for what it hides ({@link #masked}: how any
 * message shows it). The mask does not trust the form: it looks for the secret wherever a malformed URI
 * may hold one, so a slash too few, a missing scheme or a {@code #} left unencoded shows no password:
 *
 * <ul>
 * <li>everything between the scheme (written {@code scheme://}; else from the start) and the last {@code @} of
 * the text is user information: the user before its first colon is shown, the rest is {@code ****};
 * <li>without an {@code @}, a port that is not a number is taken for a password (a forgotten
 * {@code @host}), and it and all after it are {@code ****}; so is all that follows a scheme not written
 * {@code scheme://} (it may be {@code user:password});
 * <li>a path that is not a database index, a fragment other than a Sentinel group's name, and a query
 * parameter whose name says secret or has no value (an {@code &} of a password) are {@code ****}; such a value
 * first, up to the next {@code &} or {@code #}, so that an {@code @} in it (a query may hold one) ends no user.
 * </ul>
 *
 * The forms it takes: {@code redis[s]://[[user:]password@]host[:port][/database]}; several
 * {@code host[:port]} separated by commas name a Redis Cluster's nodes (any of them, the rest are
 * found); {@code redis[s]-sentinel://[[user:]password@]sentinel[:port][,sentinel[:port]...][/database]#group}
 * names a Sentinel group (its primary's password; the Sentinels are asked without one). Users:
 * docs/redis.md.
 */
final class RedisUri {

    static final String MASK = "****";

    /** A scheme however written: letters, then {@code :} with or without slashes, or two slashes alone. */
    private static final Pattern LEAD = Pattern.compile("\\s*[A-Za-z][A-Za-z0-9+.-]*(?::/*|//+)");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass|pwd|secret|token|auth|cred|key).*");
    private static final Pattern WRITTEN = Pattern.compile("\\s*[^:/]+://");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i)([?&][\\w.-]*(?:pass|pwd|secret|token|auth|cred|key)[\\w.-]*=)[^&#]*");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    private static final Set<String> SINGLE = Set.of("redis", "rediss");
    private static final Set<String> SENTINEL = Set.of("redis-sentinel", "rediss-sentinel");

    private RedisUri() {
    }

    /** {@code text} as a message may show it: every place a secret could be is {@code ****}. */
    static String masked(String uri) {
        String text = SECRET_VALUE.matcher(uri).replaceAll("$1" + MASK); // first, so an @ in such a value is not the user's
        Matcher lead = LEAD.matcher(text);
        int at = text.lastIndexOf('@'); // a scheme not written scheme:// before an @ may be the user: all after its colon hidden
        int from = lead.lookingAt() && (at < lead.end() || WRITTEN.matcher(text.substring(0, lead.end())).matches()) ? lead.end() : 0;
        StringBuilder shown = new StringBuilder(text.substring(0, from));
        if (at >= from) {
            String info = text.substring(from, at);
            int colon = info.indexOf(':');
            shown.append(colon < 0 ? "" : info.substring(0, colon + 1)).append(MASK).append('@');
            from = at + 1;
        } else if (!WRITTEN.matcher(shown).matches()) {
            return shown.append(from < text.length() ? MASK : "").toString(); // no scheme as written: what follows may be user:password
        }
        return shown.append(maskedRest(text.substring(from), text.toLowerCase(Locale.ROOT).contains("sentinel"))).toString();
    }

    /** What follows the user information: hosts, path, query, fragment, each masked where it could hide a secret. */
    private static String maskedRest(String rest, boolean sentinel) {
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            String group = rest.substring(hash + 1);
            fragment = "#" + (sentinel && GROUP.matcher(group).matches() ? group : MASK);
            rest = rest.substring(0, hash);
        }
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = "?" + maskedQuery(rest.substring(question + 1));
            rest = rest.substring(0, question);
        }
        int slash = rest.indexOf('/');
        String path = slash < 0 ? "" : rest.substring(slash);
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        int cut = unnumberedPort(hosts);
        if (cut >= 0) {
            return hosts.substring(0, cut) + ":" + MASK; // a forgotten @host: what follows may all be the password
        }
        return hosts + (path.isEmpty() || DIGITS.matcher(path.substring(1)).matches() ? path : "/" + MASK) + query + fragment;
    }

    /** Where, in {@code host[:port][,host[:port]]...}, the first port that is not a number begins (its colon), or -1. */
    private static int unnumberedPort(String hosts) {
        int start = 0;
        for (String host : hosts.split(",", -1)) {
            int colon = host.startsWith("[") && host.indexOf(']') > 0 ? host.indexOf(':', host.indexOf(']')) : host.indexOf(':');
            if (colon >= 0 && !DIGITS.matcher(host.substring(colon + 1)).matches()) {
                return start + colon;
            }
            start += host.length() + 1;
        }
        return -1;
    }

    private static String maskedQuery(String query) {
        StringBuilder shown = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            boolean secret = eq < 0 && !pair.isEmpty() || eq >= 0 && SECRET_NAME.matcher(name).matches(); // no value: a password's & left?
            shown.append(shown.length() > 0 ? "&" : "").append(secret ? (eq < 0 ? MASK : name + "=" + MASK) : pair);
        }
        return shown.toString();
    }

    /**
     * Checks {@code uri} against the forms above.
     *
     * @throws InvalidSettingException naming {@code playtcha.redis.uri}, with what a valid URI looks like and the URI masked
     */
    static void check(String uri) {
        String like = "; like redis://redis.internal:6379/0, rediss://user:password@redis.internal:6380/2, "
                + "redis://node-1:6379,node-2:6379 (a Redis Cluster) or redis-sentinel://sentinel-1:26379,sentinel-2:26379/0#mymaster; "
                + "got " + masked(uri);
        Setting.REDIS_URI.require(!uri.isBlank(), "must be a Redis URI" + like);
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(Setting.REDIS_URI, "is not a URI (percent-encode a password's reserved characters: "
                    + "@ as %40, # as %23, / as %2F)" + like);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme();
        boolean sentinel = SENTINEL.contains(scheme);
        Setting.REDIS_URI.require(SINGLE.contains(scheme) || sentinel,
                "must start with redis:// (rediss:// for TLS) or, for Sentinel, redis-sentinel:// (rediss-sentinel://)" + like);
        String authority = parsed.getRawAuthority() == null ? "" : parsed.getRawAuthority();
        List<String> hosts = List.of(authority.substring(authority.lastIndexOf('@') + 1).split(",", -1));
        for (String host : hosts) {
            hostAndPort(host, like);
        }
        String path = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        Setting.REDIS_URI.require(path.isEmpty() || path.equals("/") || path.matches("/[0-9]{1,5}"),
                "may end in a database index, a whole number like /0 or /2, and nothing else" + like);
        String fragment = parsed.getRawFragment();
        String query = parsed.getRawQuery() == null ? "" : parsed.getRawQuery();
        if (sentinel) {
            Setting.REDIS_URI.require(fragment != null && GROUP.matcher(fragment).matches() || query.contains("sentinelMasterId="),
                    "names a Sentinel group after #, like #mymaster (the name in the Sentinels' configuration)" + like);
        } else {
            Setting.REDIS_URI.require(fragment == null, "has a # where none belongs (percent-encode one in a password as %23)" + like);
        }
    }

    /** One {@code host[:port]}, or {@code [IPv6][:port]}. */
    private static void hostAndPort(String host, String like) {
        int close = host.startsWith("[") ? host.indexOf(']') : -1;
        int colon = close >= 0 ? host.indexOf(':', close) : host.indexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        Setting.REDIS_URI.require(close < 0 ? name.matches("[A-Za-z0-9._-]+") : close > 1 && name.length() == close + 1,
                "must name a host (several, for a Redis Cluster's nodes or Sentinels, separated by commas)" + like);
        String port = colon < 0 ? "" : host.substring(colon + 1);
        Setting.REDIS_URI.require(port.isEmpty() || port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1
                && Integer.parseInt(port) <= 65535, "must have a port from 1 to 65535, or none for 6379 (26379 for a Sentinel)" + like);
    }
}
