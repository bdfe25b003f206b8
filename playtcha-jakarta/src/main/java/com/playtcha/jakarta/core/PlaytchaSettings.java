package com.playtcha.jakarta.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Every setting of playtcha-jakarta, validated and immutable. {@link Setting} declares the keys and
 * defaults; the filter and the CDI producer read them from init-params, MicroProfile Config or the
 * environment (see {@code com.playtcha.jakarta.config.SettingsLoader}); code builds one directly:
 *
 * <pre>{@code
 * PlaytchaSettings settings = PlaytchaSettings.builder(System.getenv("PLAYTCHA_SECRET"))
 *         .timeout(Duration.ofSeconds(2))
 *         .failMode(FailMode.CLOSED)
 *         .build();
 * }</pre>
 *
 * <p>The constructor rejects what cannot work with an {@link InvalidSettingException} that names
 * the key. {@link #toString()} masks the secret; {@link #secret()} returns it, for the verifier to
 * send, so do not log the record's components one by one.
 *
 * @param secret         the project's server secret
 * @param apiUrl         Playtcha's base URL, without a trailing slash
 * @param failMode       what an unavailable Playtcha does to a request
 * @param mode           enforce or only observe
 * @param timeout        the whole-verify budget
 * @param connectTimeout the connect budget, at most {@code timeout}
 * @param maxConnections pooled connections, and the most verifies in flight
 * @param leaseTimeout   the longest wait for a pooled connection, less than {@code timeout}; the
 *                       exchange with Playtcha then gets the rest, {@code timeout - leaseTimeout}
 * @param breaker        the circuit breaker: on or off, failures, cool-down and probes
 * @param ledger         where fail-open decisions are kept until re-verified, and how many
 * @param tokenParameter the form field that carries the token
 * @param tokenHeader    the header that carries the token
 * @param methods        upper-case HTTP methods that need a token, or just {@link #UNSAFE}; ask {@link #guards}
 * @param rejectStatus   the status for a rejected token, 400-499
 * @param urlPatterns    servlet URL patterns the filter registers itself on (may be empty)
 */
public record PlaytchaSettings(String secret, URI apiUrl, FailMode failMode, Mode mode, Duration timeout,
        Duration connectTimeout, int maxConnections, Duration leaseTimeout, Breaker breaker, Ledger ledger, String tokenParameter, String tokenHeader, Set<String> methods,
        int rejectStatus, List<String> urlPatterns) {

    /**
     * The value of {@code playtcha.methods} (alone, in any case) that guards every method except
     * {@link #SAFE_METHODS}: for servlets that override {@code service()}, frameworks that route
     * custom methods, and WebDAV. {@link #methods()} then holds just this word, in lower case, which
     * no method name it holds otherwise can equal (those are upper case).
     */
    public static final String UNSAFE = "unsafe";

    /**
     * RFC 9110's safe methods, the ones {@link #UNSAFE} lets through, and only as spelt here: HTTP
     * methods are case-sensitive, so {@code get} is not {@code GET}, and an application that treats
     * it as such has to say so by listing methods instead.
     */
    public static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** An RFC 9110 method: a token, one or more of these characters. */
    private static final java.util.regex.Pattern METHOD_TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** The most pooled connections we allow; past this the setting is surely a typo. */
    public static final int MAX_CONNECTIONS_LIMIT = 10_000;

    public PlaytchaSettings {
        if (secret == null || secret.isBlank()) {
            throw new InvalidSettingException(Setting.SECRET,
                    "required; set PLAYTCHA_SECRET in the environment, the playtcha.secret MicroProfile Config key, "
                            + "or the filter's secret init-param");
        }
        if (secret.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new InvalidSettingException(Setting.SECRET,
                    "contains whitespace or characters outside visible ASCII; check how it was copied (the value is not shown)");
        }
        apiUrl = checkApiUrl(apiUrl);
        Objects.requireNonNull(failMode, "failMode");
        Objects.requireNonNull(mode, "mode");
        requirePositive(Setting.TIMEOUT, timeout);
        requirePositive(Setting.CONNECT_TIMEOUT, connectTimeout);
        if (connectTimeout.compareTo(timeout) > 0) {
            throw new InvalidSettingException(Setting.CONNECT_TIMEOUT, "must not exceed playtcha.timeout ("
                    + timeout.toMillis() + "ms): the connect budget is part of the whole-verify budget; got "
                    + connectTimeout.toMillis() + "ms");
        }
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw new InvalidSettingException(Setting.MAX_CONNECTIONS,
                    "must be a whole number from 1 to " + MAX_CONNECTIONS_LIMIT + "; got " + maxConnections);
        }
        requirePositive(Setting.LEASE_TIMEOUT, leaseTimeout);
        if (leaseTimeout.compareTo(timeout) >= 0) {
            throw new InvalidSettingException(Setting.LEASE_TIMEOUT, "must be less than playtcha.timeout ("
                    + timeout.toMillis() + "ms), like a tenth of it: the wait for a connection is part of the "
                    + "whole-verify budget, and the exchange with Playtcha gets the rest; got " + leaseTimeout.toMillis() + "ms");
        }
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(ledger, "ledger");
        if (tokenParameter == null || tokenParameter.isBlank()) {
            throw new InvalidSettingException(Setting.TOKEN_PARAMETER, "must be a form field name, like playtcha-token");
        }
        if (tokenHeader == null || !tokenHeader.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new InvalidSettingException(Setting.TOKEN_HEADER,
                    "must be an HTTP header name (letters, digits and -), like Playtcha-Token; got '" + tokenHeader + "'");
        }
        methods = checkMethods(methods);
        if (rejectStatus < 400 || rejectStatus > 499) {
            throw new InvalidSettingException(Setting.REJECT_STATUS,
                    "must be a client-error status from 400 to 499, like 403 or 422; got " + rejectStatus);
        }
        urlPatterns = List.copyOf(Objects.requireNonNull(urlPatterns, "urlPatterns"));
        urlPatterns.forEach(PlaytchaSettings::checkUrlPattern);
    }

    /**
     * {@code playtcha.url-patterns} from its text form: comma-separated servlet URL patterns.
     *
     * @throws InvalidSettingException when one is not a servlet URL pattern
     */
    public static List<String> parseUrlPatterns(String value) {
        List<String> patterns = Builder.splitList(value);
        patterns.forEach(PlaytchaSettings::checkUrlPattern);
        return patterns;
    }

    /** A servlet URL pattern: {@code /exact}, {@code /prefix/*}, {@code *.extension} or {@code /}. */
    private static void checkUrlPattern(String pattern) {
        boolean valid = pattern.startsWith("/") ? pattern.indexOf('*') < 0 || pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1
                : pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0 && pattern.lastIndexOf('*') == 0;
        if (!valid) {
            throw new InvalidSettingException(Setting.URL_PATTERNS, "'" + pattern
                    + "' is not a servlet URL pattern; use /exact, /prefix/* or *.extension, comma-separated");
        }
    }

    private static URI checkApiUrl(URI url) {
        String example = "an absolute http or https URL without query or fragment, like https://api.playtcha.com";
        if (url == null) {
            throw new InvalidSettingException(Setting.API_URL, "must be " + example);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new InvalidSettingException(Setting.API_URL, "must be " + example + "; got " + shown(url.toString()));
        }
        String text = url.toString();
        URI base = text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        if (path.toLowerCase(Locale.ROOT).endsWith(VERIFY_PATH)) {
            // What the simulator prints, and what the vendor's docs show: every valid token would be a 404.
            String instead = base.toString().substring(0, base.toString().length() - VERIFY_PATH.length());
            throw new InvalidSettingException(Setting.API_URL, "is the base URL, without " + VERIFY_PATH
                    + " (the verifier adds it); got " + shown(text) + ", use '" + instead + "' instead");
        }
        return base;
    }

    private static final String VERIFY_PATH = "/v1/verify";

    /**
     * A rejected api-url, quoted only when it looks like a URL: if PLAYTCHA_API_URL and
     * PLAYTCHA_SECRET were swapped, the value is the secret, and it must not reach the log.
     */
    private static String shown(String value) {
        return value.contains("://") ? "'" + value + "'" : "a value that is not a URL (not shown: it may be a secret)";
    }

    private static void requirePositive(Setting setting, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new InvalidSettingException(setting, "must be a positive duration, like 250ms, 3s or PT3S; got " + duration);
        }
    }

    private static Set<String> checkMethods(Set<String> methods) {
        String valid = "use HTTP method names (letters, digits or !#$%&'*+-.^_`|~), comma-separated, like "
                + "POST,PUT,PATCH,DELETE or POST,PROPFIND, or unsafe alone for every method except GET, HEAD, OPTIONS and TRACE";
        if (methods == null || methods.isEmpty()) {
            throw new InvalidSettingException(Setting.METHODS, "must list at least one method; " + valid);
        }
        Set<String> upper = new LinkedHashSet<>();
        for (String method : methods) {
            String m = method == null ? "" : method.trim();
            if (m.equalsIgnoreCase(UNSAFE)) {
                upper.add(UNSAFE);
            } else if (METHOD_TOKEN.matcher(m).matches()) {
                upper.add(m.toUpperCase(Locale.ROOT));
            } else {
                throw new InvalidSettingException(Setting.METHODS, "'" + m + "' is not an HTTP method name; " + valid);
            }
        }
        if (upper.contains(UNSAFE) && upper.size() > 1) {
            throw new InvalidSettingException(Setting.METHODS, "unsafe stands alone: it already guards every method "
                    + "except GET, HEAD, OPTIONS and TRACE; got " + upper);
        }
        return Set.copyOf(upper);
    }

    /**
     * Whether a request with this method needs a token. A listed method guards every spelling of
     * itself ({@code POST} also {@code post} and {@code Post}): a servlet that overrides
     * {@code service()} may compare methods without regard to case, and must not be reachable
     * through a spelling the filter lets by. With {@link #UNSAFE}, every method but the exact
     * {@link #SAFE_METHODS} needs one.
     */
    public boolean guards(String method) {
        if (methods.contains(UNSAFE)) {
            return !SAFE_METHODS.contains(method);
        }
        return methods.contains(method.toUpperCase(Locale.ROOT));
    }

    /** The most consecutive failures or probes we allow; past this the setting is surely a typo. */
    public static final int BREAKER_COUNT_LIMIT = 1_000;

    /**
     * The circuit breaker's settings ({@code playtcha.breaker.*}); see the verifier's documentation.
     *
     * @param enabled  whether verifies go through a breaker at all
     * @param failures consecutive unavailable results that open it, 1-1000
     * @param coolDown how long it stays open, positive
     * @param probes   verifies let through at once when the cool-down is over, 1-1000
     */
    public record Breaker(boolean enabled, int failures, Duration coolDown, int probes) {
        public Breaker {
            requireCount(Setting.BREAKER_FAILURES, failures, "like 5");
            requirePositive(Setting.BREAKER_COOL_DOWN, coolDown);
            requireCount(Setting.BREAKER_PROBES, probes, "like 1");
        }

        private static void requireCount(Setting setting, int value, String example) {
            if (value < 1 || value > BREAKER_COUNT_LIMIT) {
                throw new InvalidSettingException(setting, "must be a whole number from 1 to " + BREAKER_COUNT_LIMIT
                        + ", " + example + "; got " + value);
            }
        }
    }

    /** The most fail-open entries a ledger may hold; past this the setting is surely a typo. */
    public static final int LEDGER_CAPACITY_LIMIT = 10_000_000;

    /**
     * The fail-open ledger's settings ({@code playtcha.ledger.*}); see {@link LedgerEntry}.
     *
     * @param enabled   whether fail-open requests are recorded and re-verified at all
     * @param directory where the journal and the dead-letter file live, or {@code null} to keep the
     *                  ledger in memory
     * @param capacity  the most entries waiting for re-verification, 1-10,000,000
     */
    public record Ledger(boolean enabled, java.nio.file.Path directory, int capacity) {
        public Ledger {
            if (directory != null && !directory.isAbsolute()) {
                throw new InvalidSettingException(Setting.LEDGER_DIRECTORY,
                        "must be an absolute path, like /var/lib/myapp/playtcha; got '" + directory + "'");
            }
            if (capacity < 1 || capacity > LEDGER_CAPACITY_LIMIT) {
                throw new InvalidSettingException(Setting.LEDGER_CAPACITY, "must be a whole number from 1 to "
                        + LEDGER_CAPACITY_LIMIT + ", like 10000; got " + capacity);
            }
        }

        /** Whether entries survive a restart: the ledger is on and a directory is set. */
        public boolean durable() {
            return enabled && directory != null;
        }
    }

    /** {@code {apiUrl}/v1/verify}. */
    public URI verifyUrl() {
        return URI.create(apiUrl + VERIFY_PATH);
    }

    /** A builder with every default of {@link Setting}; {@link Builder#secret} is the one required value. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with every default and this secret. */
    public static Builder builder(String secret) {
        return new Builder().secret(secret);
    }

    /** Masks the secret: settings get logged and printed in failed assertions. */
    @Override
    public String toString() {
        return "PlaytchaSettings[secret=****, apiUrl=" + apiUrl + ", failMode=" + failMode + ", mode=" + mode
                + ", timeout=" + timeout.toMillis() + "ms, connectTimeout=" + connectTimeout.toMillis()
                + "ms, maxConnections=" + maxConnections + ", leaseTimeout=" + leaseTimeout.toMillis() + "ms, breaker=" + breaker
                + ", ledger=" + ledger + ", tokenParameter=" + tokenParameter
                + ", tokenHeader=" + tokenHeader + ", methods=" + new java.util.TreeSet<>(methods)
                + ", rejectStatus=" + rejectStatus + ", urlPatterns=" + urlPatterns + "]";
    }

    /**
     * Builds {@link PlaytchaSettings}. It starts from the defaults of {@link Setting}, parsed by
     * {@link #set(Setting, String)} like any other value, so a default is written in one place.
     */
    public static final class Builder {
        private String secret;
        private URI apiUrl;
        private FailMode failMode;
        private Mode mode;
        private Duration timeout;
        private Duration connectTimeout;
        private int maxConnections;
        private Duration leaseTimeout;
        private boolean leaseTimeoutSet;
        private boolean breakerEnabled;
        private int breakerFailures;
        private Duration breakerCoolDown;
        private int breakerProbes;
        private boolean ledgerEnabled;
        private java.nio.file.Path ledgerDirectory;
        private int ledgerCapacity;
        private String tokenParameter;
        private String tokenHeader;
        private Set<String> methods;
        private int rejectStatus;
        private List<String> urlPatterns = List.of();
        private boolean connectTimeoutSet;

        private Builder() {
            for (Setting setting : Setting.values()) {
                setting.defaultValue().ifPresent(value -> set(setting, value));
            }
            connectTimeoutSet = false;
            leaseTimeoutSet = false;
        }

        /**
         * Sets one setting from its text form, as written in web.xml or a properties file: durations
         * as {@code 250ms}, {@code 3s}, {@code 1m} or ISO-8601 {@code PT3S}; booleans as
         * {@code true}/{@code 1}/{@code false}/{@code 0}; lists comma-separated. Surrounding
         * whitespace is ignored.
         *
         * @throws InvalidSettingException naming the key and what a valid value looks like
         */
        public Builder set(Setting setting, String value) {
            String v = Objects.requireNonNull(value, "value").trim();
            switch (setting) {
                case SECRET -> secret = v;
                case API_URL -> apiUrl = parseUrl(v);
                case FAIL_CLOSED -> failMode = parseBoolean(setting, v) ? FailMode.CLOSED : FailMode.OPEN;
                case MODE -> mode = parseMode(v);
                case TIMEOUT -> timeout = parseDuration(setting, v);
                case CONNECT_TIMEOUT -> connectTimeout(parseDuration(setting, v));
                case MAX_CONNECTIONS -> maxConnections = parseInt(setting, v, "like 64");
                case LEASE_TIMEOUT -> leaseTimeout(parseDuration(setting, v));
                case BREAKER_ENABLED -> breakerEnabled = parseBoolean(setting, v);
                case BREAKER_FAILURES -> breakerFailures = parseInt(setting, v, "like 5");
                case BREAKER_COOL_DOWN -> breakerCoolDown = parseDuration(setting, v);
                case BREAKER_PROBES -> breakerProbes = parseInt(setting, v, "like 1");
                case LEDGER_ENABLED -> ledgerEnabled = parseBoolean(setting, v);
                case LEDGER_DIRECTORY -> ledgerDirectory = parsePath(setting, v);
                case LEDGER_CAPACITY -> ledgerCapacity = parseInt(setting, v, "like 10000");
                case TOKEN_PARAMETER -> tokenParameter = v;
                case TOKEN_HEADER -> tokenHeader = v;
                case METHODS -> methods = new LinkedHashSet<>(splitList(v));
                case REJECT_STATUS -> rejectStatus = parseInt(setting, v, "like 403 or 422");
                case URL_PATTERNS -> urlPatterns = parseUrlPatterns(v);
                default -> throw new IllegalStateException("unhandled setting " + setting);
            }
            return this;
        }

        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        public Builder apiUrl(URI apiUrl) {
            this.apiUrl = apiUrl;
            return this;
        }

        public Builder failMode(FailMode failMode) {
            this.failMode = failMode;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Unset, it is 1 s or {@code timeout}, whichever is shorter; set, it must not exceed {@code timeout}. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            this.connectTimeoutSet = true;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** Unset, it is 250 ms or {@code timeout}, whichever is shorter; set, it must not exceed {@code timeout}. */
        public Builder leaseTimeout(Duration leaseTimeout) {
            this.leaseTimeout = leaseTimeout;
            this.leaseTimeoutSet = true;
            return this;
        }

        /** All four {@code playtcha.breaker.*} settings at once. */
        public Builder breaker(Breaker breaker) {
            this.breakerEnabled = breaker.enabled();
            this.breakerFailures = breaker.failures();
            this.breakerCoolDown = breaker.coolDown();
            this.breakerProbes = breaker.probes();
            return this;
        }

        /** Turns the circuit breaker on or off, keeping its other settings. */
        public Builder breakerEnabled(boolean enabled) {
            this.breakerEnabled = enabled;
            return this;
        }

        /** All three {@code playtcha.ledger.*} settings at once. */
        public Builder ledger(Ledger ledger) {
            this.ledgerEnabled = ledger.enabled();
            this.ledgerDirectory = ledger.directory();
            this.ledgerCapacity = ledger.capacity();
            return this;
        }

        /** Keeps the fail-open ledger's journal in this directory ({@code null}: in memory). */
        public Builder ledgerDirectory(java.nio.file.Path directory) {
            this.ledgerDirectory = directory;
            return this;
        }

        public Builder tokenParameter(String tokenParameter) {
            this.tokenParameter = tokenParameter;
            return this;
        }

        public Builder tokenHeader(String tokenHeader) {
            this.tokenHeader = tokenHeader;
            return this;
        }

        public Builder methods(Set<String> methods) {
            this.methods = methods;
            return this;
        }

        public Builder rejectStatus(int rejectStatus) {
            this.rejectStatus = rejectStatus;
            return this;
        }

        public Builder urlPatterns(List<String> urlPatterns) {
            this.urlPatterns = List.copyOf(urlPatterns);
            return this;
        }

        /** @throws InvalidSettingException naming the first key whose value cannot work */
        public PlaytchaSettings build() {
            Duration connect = connectTimeout;
            if (!connectTimeoutSet && timeout != null && timeout.compareTo(connect) < 0) {
                connect = timeout; // timeout=250ms alone must not fail on the default 1 s connect budget
            }
            Duration lease = leaseTimeout;
            if (!leaseTimeoutSet && timeout != null && timeout.dividedBy(4).compareTo(lease) < 0) {
                lease = timeout.dividedBy(4); // likewise: the default 250 ms lease wait, or a quarter of a short timeout
            }
            return new PlaytchaSettings(secret, apiUrl, failMode, mode, timeout, connect, maxConnections, lease,
                    new Breaker(breakerEnabled, breakerFailures, breakerCoolDown, breakerProbes),
                    new Ledger(ledgerEnabled, ledgerDirectory, ledgerCapacity), tokenParameter, tokenHeader, methods, rejectStatus, urlPatterns);
        }

        private static URI parseUrl(String v) {
            try {
                return new URI(v);
            } catch (java.net.URISyntaxException e) {
                throw new InvalidSettingException(Setting.API_URL,
                        "must be an absolute http or https URL, like https://api.playtcha.com; got " + shown(v));
            }
        }

        private static java.nio.file.Path parsePath(Setting setting, String v) {
            try {
                return java.nio.file.Path.of(v);
            } catch (java.nio.file.InvalidPathException e) {
                throw new InvalidSettingException(setting,
                        "must be an absolute directory path, like /var/lib/myapp/playtcha; got '" + v + "'");
            }
        }

        private static boolean parseBoolean(Setting setting, String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw new InvalidSettingException(setting, "must be true, 1, false or 0; got '" + v + "'");
            };
        }

        private static Mode parseMode(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "enforce" -> Mode.ENFORCE;
                case "observe" -> Mode.OBSERVE;
                default -> throw new InvalidSettingException(Setting.MODE, "must be enforce or observe; got '" + v + "'");
            };
        }

        private static int parseInt(Setting setting, String v, String example) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(setting, "must be a whole number, " + example + "; got '" + v + "'");
            }
        }

        /**
         * {@code <n>ms}, {@code <n>s}, {@code <n>m} with a whole n, or ISO-8601. A bare number is
         * refused: {@code 3} could mean seconds or milliseconds, and a wrong guess is a 1000x error.
         */
        static Duration parseDuration(Setting setting, String v) {
            String hint = "use a whole number with a unit, like 250ms, 3s or 1m, or ISO-8601 like PT3S; got '" + v + "'";
            var m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)").matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMinutes(n);
                };
            }
            if (v.matches("\\d+")) {
                throw new InvalidSettingException(setting, "a bare number is ambiguous; " + hint);
            }
            if (v.startsWith("P") || v.startsWith("p")) {
                try {
                    return Duration.parse(v);
                } catch (java.time.format.DateTimeParseException e) {
                    // reported below with the hint
                }
            }
            throw new InvalidSettingException(setting, "is not a duration; " + hint);
        }

        static List<String> splitList(String v) {
            List<String> items = new ArrayList<>();
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return List.copyOf(items);
        }
    }
}
