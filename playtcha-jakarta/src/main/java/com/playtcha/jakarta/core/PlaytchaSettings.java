package com.playtcha.jakarta.core;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting of playtcha-jakarta, validated and immutable. {@link Setting} declares the keys and
 * their defaults; the filter and the CDI producer read them from init-params, MicroProfile Config or
 * the environment; code builds one with {@link #builder(String)}, the only way to make one:
 *
 * <pre>{@code
 * PlaytchaSettings settings = PlaytchaSettings.builder(System.getenv("PLAYTCHA_SECRET"))
 *         .timeout(Duration.ofSeconds(2))
 *         .failMode(FailMode.CLOSED)
 *         .build();
 * }</pre>
 *
 * <p>A setting that comes as text (a context-param, a properties file) is set with {@link
 * Builder#set(Setting, String)}, read as the filter reads its init-param. {@link Builder#build()}
 * rejects what cannot work with an {@link InvalidSettingException} that
 * names the key and what a valid value looks like. {@link #toString()} masks the secret and the
 * proxy's and trust store's passwords; {@link #secret()} returns it, for the verifier to send, so do
 * not log the settings' values one by one. Two settings are equal when every value is.
 */
public final class PlaytchaSettings {

    /**
     * {@code playtcha.methods=unsafe} (alone, any case) guards every method but {@link #SAFE_METHODS}: for a
     * {@code service()} override, custom methods, WebDAV. {@link #methods()} then holds just this lower-case word.
     */
    public static final String UNSAFE = "unsafe";

    /**
     * RFC 9110's safe methods, which {@link #UNSAFE} lets through only as spelt here: methods are
     * case-sensitive, so {@code get} is not {@code GET} (list methods to guard it as such).
     */
    public static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** The longest {@code playtcha.cluster.timeout}: a request waits no longer for the cluster's state. */
    public static final Duration MAX_CLUSTER_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The servlet context attribute under which a framework offers its own configuration to
     * {@code PlaytchaFilter}: a {@code java.util.function.Function<String, String>} that answers a
     * key's text ({@code playtcha.timeout} to {@code 2s}), or {@code null} when it has none. A filter
     * then reads it after its init-params, in place of MicroProfile Config, system properties and the
     * environment (the framework's configuration is expected to hold those it reads), so every
     * PlaytchaFilter of the application, registered by the framework or by hand, reads the same
     * settings. The framework registers the filter from {@code playtcha.url-patterns} itself. The
     * Spring Boot starter offers Spring's {@code Environment} here (docs/spring-boot.md).
     */
    public static final String CONFIGURATION_ATTRIBUTE = "com.playtcha.jakarta.configuration";

    private final String secret;
    private final URI apiUrl;
    private final FailMode failMode;
    private final Mode mode;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final int maxConnections;
    private final Duration leaseTimeout;
    private final Proxy proxy;
    private final TrustStore trustStore;
    private final Breaker breaker;
    private final Ledger ledger;
    private final Duration clusterTimeout;
    private final Duration clusterStartTimeout;
    private final boolean managedThreads;
    private final ClientBudget clientBudget;
    private final Login login;
    private final Health health;
    private final boolean metrics;
    private final String tokenParameter;
    private final String tokenHeader;
    private final Set<String> methods;
    private final int rejectStatus;
    private final List<String> urlPatterns;

    /** Validates what the builder holds; the first value at fault throws, naming its key. */
    private PlaytchaSettings(Builder b) {
        secret = b.get(Setting.SECRET);
        SettingRules.secret(secret);
        apiUrl = SettingRules.apiUrl(b.get(Setting.API_URL));
        failMode = Objects.requireNonNull(b.get(Setting.FAIL_CLOSED), "failMode");
        mode = Objects.requireNonNull(b.get(Setting.MODE), "mode");
        timeout = b.get(Setting.TIMEOUT);
        connectTimeout = b.given(Setting.CONNECT_TIMEOUT) ? b.get(Setting.CONNECT_TIMEOUT)
                : SettingRules.atMost(b.get(Setting.CONNECT_TIMEOUT), timeout, 1);
        leaseTimeout = b.given(Setting.LEASE_TIMEOUT) ? b.get(Setting.LEASE_TIMEOUT)
                : SettingRules.atMost(b.get(Setting.LEASE_TIMEOUT), timeout, 4);
        SettingRules.timeouts(timeout, connectTimeout, leaseTimeout);
        maxConnections = b.get(Setting.MAX_CONNECTIONS);
        Setting.MAX_CONNECTIONS.requireCount(maxConnections, 10_000, "");
        proxy = new Proxy(b.get(Setting.PROXY_HOST), Objects.requireNonNullElse(b.get(Setting.PROXY_PORT), 0),
                b.get(Setting.PROXY_USER), b.get(Setting.PROXY_PASSWORD));
        trustStore = new TrustStore(b.get(Setting.TRUST_STORE_PATH), b.get(Setting.TRUST_STORE_PASSWORD),
                b.get(Setting.TRUST_STORE_TYPE));
        breaker = new Breaker(b.get(Setting.BREAKER_ENABLED), b.get(Setting.BREAKER_FAILURES), b.get(Setting.BREAKER_COOL_DOWN),
                b.get(Setting.BREAKER_PROBES));
        ledger = new Ledger(b.get(Setting.LEDGER_ENABLED), b.get(Setting.LEDGER_DIRECTORY), b.get(Setting.LEDGER_CAPACITY),
                b.get(Setting.LEDGER_DATASOURCE), b.get(Setting.LEDGER_CREATE_SCHEMA), b.get(Setting.LEDGER_LEASE),
                b.get(Setting.LEDGER_RETENTION), b.get(Setting.LEDGER_CLAIM_UNAVAILABLE), Redis.of(b.get(Setting.REDIS_URI)));
        clusterTimeout = SettingRules.clusterTimeout(b.get(Setting.CLUSTER_TIMEOUT));
        clusterStartTimeout = SettingRules.clusterStartTimeout(b.get(Setting.CLUSTER_START_TIMEOUT));
        managedThreads = b.get(Setting.MANAGED_THREADS);
        clientBudget = new ClientBudget(b.get(Setting.CLIENT_BUDGET_ENABLED), b.get(Setting.CLIENT_BUDGET_PER_MINUTE),
                b.get(Setting.CLIENT_BUDGET_BURST), b.get(Setting.CLIENT_BUDGET_ADDRESSES), b.get(Setting.CLIENT_BUDGET_CACHE),
                b.get(Setting.CLIENT_BUDGET_CACHE_PROVIDER));
        login = login(b);
        health = new Health(b.get(Setting.HEALTH_ENABLED));
        metrics = b.get(Setting.METRICS_ENABLED);
        tokenParameter = b.get(Setting.TOKEN_PARAMETER);
        tokenHeader = b.get(Setting.TOKEN_HEADER);
        SettingRules.tokenSources(tokenParameter, tokenHeader);
        methods = SettingRules.methods(b.get(Setting.METHODS));
        rejectStatus = b.get(Setting.REJECT_STATUS);
        SettingRules.rejectStatus(rejectStatus);
        urlPatterns = SettingRules.urlPatterns(Objects.requireNonNullElse(b.get(Setting.URL_PATTERNS), List.of()));
    }

    /** The project's server secret. Never log it: {@link #toString()} shows {@code ****} in its place. */
    public String secret() {
        return secret;
    }

    /** Playtcha's base URL, without a trailing slash ({@code playtcha.api-url}). */
    public URI apiUrl() {
        return apiUrl;
    }

    /** What an unavailable Playtcha does to a request ({@code playtcha.fail-closed}). */
    public FailMode failMode() {
        return failMode;
    }

    /** Enforce, or only observe ({@code playtcha.mode}). */
    public Mode mode() {
        return mode;
    }

    /** The whole-verify budget ({@code playtcha.timeout}). */
    public Duration timeout() {
        return timeout;
    }

    /** The connect budget, at most {@link #timeout()} ({@code playtcha.connect-timeout}). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Pooled connections, and the most verifies in flight, 1-10,000 ({@code playtcha.max-connections}). */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * The longest wait for a pooled connection, less than {@link #timeout()}; the exchange with
     * Playtcha then gets the rest, at least {@code timeout - leaseTimeout} ({@code playtcha.lease-timeout}).
     */
    public Duration leaseTimeout() {
        return leaseTimeout;
    }

    /** The HTTP proxy to Playtcha for this verifier, or {@link Proxy#NONE} (the JVM's proxy settings). */
    public Proxy proxy() {
        return proxy;
    }

    /** CA certificates trusted besides the JDK's, or {@link TrustStore#NONE}. */
    public TrustStore trustStore() {
        return trustStore;
    }

    /** The circuit breaker: on or off, failures, cool-down and probes. */
    public Breaker breaker() {
        return breaker;
    }

    /** Where fail-open decisions are kept until re-verified, and how many. */
    public Ledger ledger() {
        return ledger;
    }

    /**
     * The longest a request waits for state the cluster shares ({@code playtcha.cluster.timeout}): a
     * token's claim in the shared ledger, a shared client budget. Past it the node decides on its own.
     */
    public Duration clusterTimeout() {
        return clusterTimeout;
    }

    /**
     * The longest a node's start waits for its shared store ({@code playtcha.cluster.start-timeout}), all its
     * parts together; past it the node starts on its own budgets and counts.
     */
    public Duration clusterStartTimeout() { return clusterStartTimeout; }

    /**
     * Whether the ledger runs on the runtime's managed scheduled executor when there is one (looked
     * up by the integrations, see {@link Setting#MANAGED_THREADS}).
     */
    public boolean managedThreads() {
        return managedThreads;
    }

    /** The per-client verify budget: on or off, rate, burst, addresses tracked. */
    public ClientBudget clientBudget() {
        return clientBudget;
    }

    /** When a guarded login needs a token: always, or after failures, and the counts that decide. */
    public Login login() {
        return login;
    }

    /** The MicroProfile Health readiness check: on or off. */
    public Health health() {
        return health;
    }

    /** Whether the verifier records OpenTelemetry metrics where the API is present ({@code playtcha.metrics.enabled}). */
    public boolean metrics() {
        return metrics;
    }

    /** The form field that carries the token ({@code playtcha.token-parameter}). */
    public String tokenParameter() {
        return tokenParameter;
    }

    /** The header that carries the token ({@code playtcha.token-header}). */
    public String tokenHeader() {
        return tokenHeader;
    }

    /** Upper-case HTTP methods that need a token, or just {@link #UNSAFE}; ask {@link #guards}. */
    public Set<String> methods() {
        return methods;
    }

    /** The status for a rejected token, 400-499 ({@code playtcha.reject-status}). */
    public int rejectStatus() {
        return rejectStatus;
    }

    /** Servlet URL patterns the filter registers itself on (may be empty; {@code playtcha.url-patterns}). */
    public List<String> urlPatterns() {
        return urlPatterns;
    }

    /**
     * Whether a request with this method needs a token. A listed method guards every spelling of itself
     * ({@code POST} also {@code post}): a {@code service()} override may compare methods in any case, and must
     * not be reachable through a spelling the filter lets by. With {@link #UNSAFE}: all but {@link #SAFE_METHODS}.
     */
    public boolean guards(String method) {
        return methods.contains(UNSAFE) ? !SAFE_METHODS.contains(method) : methods.contains(method.toUpperCase(Locale.ROOT));
    }

    /** {@code {apiUrl}/v1/verify}. */
    public URI verifyUrl() {
        return URI.create(apiUrl + SettingRules.VERIFY_PATH);
    }

    /**
     * The HTTP proxy that this verifier's posts go through ({@code playtcha.proxy.*}; how it is used:
     * docs/deploying.md, "Through an outbound proxy"). {@link #toString()} masks the password.
     *
     * @param host     the proxy's host name or IP address, or {@code null} for none: the JVM's proxy settings apply
     * @param port     its port, 1-65535; 0 without a host
     * @param user     the user for the proxy's Basic authentication, or {@code null}
     * @param password that user's password, required with it; never logged
     */
    public record Proxy(String host, int port, String user, String password) {
        /** No proxy of our own: the JVM's {@code ProxySelector} decides, as for the JDK's clients. */
        public static final Proxy NONE = new Proxy(null, 0, null, null);

        public Proxy {
            SettingRules.proxy(host, port, user, password);
        }

        /** Whether a proxy is set. */
        public boolean configured() {
            return host != null;
        }

        @Override
        public String toString() {
            return host == null ? "none" : host + ":" + port + (user == null ? "" : " as " + user + " (password ****)");
        }
    }

    /**
     * A trust store trusted for Playtcha's TLS in addition to the JDK's ({@code playtcha.trust-store.*};
     * docs/deploying.md). The constructor reads it, so a store that cannot be used fails start-up.
     * {@link #toString()} masks the password.
     *
     * @param path     absolute path of the store, or {@code null} for none
     * @param password the store's password, or {@code null} (then it is read without an integrity check); never logged
     * @param type     its format, like {@code PKCS12} or {@code JKS}
     */
    public record TrustStore(Path path, String password, String type) {
        /** The JDK's trust alone. */
        public static final TrustStore NONE = new TrustStore(null, null, "PKCS12");

        public TrustStore {
            SettingRules.trustStore(path, password, type);
        }

        /** Whether a trust store is set. */
        public boolean configured() {
            return path != null;
        }

        /**
         * Reads the store again, as the constructor checked it.
         *
         * @throws InvalidSettingException when it can no longer be read; {@code null} when none is set
         */
        public KeyStore load() {
            return SettingRules.trustStore(path, password, type);
        }

        @Override
        public String toString() {
            return path == null ? "none" : path + " (" + type + (password == null ? "" : ", password ****") + ")";
        }
    }

    /**
     * The circuit breaker's settings ({@code playtcha.breaker.*}); docs/outages-and-ledger.md, "The circuit breaker".
     *
     * @param enabled  whether verifies go through a breaker at all
     * @param failures consecutive unavailable results that open it, 1-1000
     * @param coolDown how long it stays open, positive
     * @param probes   verifies let through at once when the cool-down is over, 1-1000
     */
    public record Breaker(boolean enabled, int failures, Duration coolDown, int probes) {
        public Breaker {
            Setting.BREAKER_FAILURES.requireCount(failures, 1_000, ", like 5");
            Setting.BREAKER_COOL_DOWN.requirePositive(coolDown);
            Setting.BREAKER_PROBES.requireCount(probes, 1_000, ", like 1");
        }
    }

    /**
     * The fail-open ledger's settings ({@code playtcha.ledger.*}); see {@link LedgerEntry}.
     *
     * @param enabled      whether fail-open requests are recorded and re-verified at all
     * @param directory    where the journal and the dead-letter file live, or {@code null}
     * @param capacity     the most entries waiting for re-verification, 1 to {@value #MAX_CAPACITY}
     * @param dataSource   the JNDI name of the database holding the ledger, or {@code null}; not with {@code directory}
     * @param createSchema whether the database store creates its tables when missing
     * @param lease        how long a node's claim on its database entries lasts unrenewed
     * @param retention    how long the database keeps a reported or parked row
     * @param holdLocally  whether a request whose token's claim in the database gets no answer goes on,
     *                     held on this node only ({@code claim-unavailable=hold-locally}), or is blocked ({@code refuse})
     * @param redis        the Redis (or Valkey) server holding the ledger and everything else the nodes share
     *                     ({@code playtcha.redis.uri}), or {@code null}; not with {@code directory} or {@code dataSource}
     */
    public record Ledger(boolean enabled, Path directory, int capacity, String dataSource, boolean createSchema,
            Duration lease, Duration retention, boolean holdLocally, Redis redis) {

        /** The largest {@code capacity}: what a single busy node meets (why: docs/configuration.md). */
        public static final int MAX_CAPACITY = 1_000_000;

        public Ledger {
            Setting.LEDGER_DIRECTORY.require(directory == null || directory.isAbsolute(),
                    "must be an absolute path, like /var/lib/myapp/playtcha; got '" + directory + "'");
            Setting.LEDGER_CAPACITY.requireCount(capacity, MAX_CAPACITY, ", like 10000");
            SettingRules.ledgerStore(directory, dataSource, redis);
            Setting.LEDGER_LEASE.requirePositive(lease);
            Setting.LEDGER_RETENTION.requirePositive(retention);
        }

        /** Whether entries survive a restart: the ledger is on and a directory, a database or Redis is set. */
        public boolean durable() {
            return enabled && (directory != null || dataSource != null || redis != null);
        }

        /** Whether several nodes share the ledger: a database or Redis keeps it. */
        public boolean shared() {
            return dataSource != null || redis != null;
        }
    }

    /**
     * The Redis or Valkey server the nodes share ({@code playtcha.redis.uri}, docs/redis.md), as a URI that
     * Lettuce reads: {@code redis[s]://[[user:]password@]host[:port][/database]}, several hosts for a Redis
     * Cluster's nodes, or {@code redis[s]-sentinel://...#group} for a Sentinel group. {@link #toString()}
     * masks the password wherever the text holds it, however malformed.
     *
     * @param uri the URI as given, password included; never log it
     */
    public record Redis(String uri) {
        public Redis {
            RedisUri.check(java.util.Objects.requireNonNull(uri, "uri"));
        }

        static Redis of(String uri) {
            return uri == null ? null : new Redis(uri);
        }

        /** {@code text} as a message may show it when it is (or was meant to be) a Redis URI: every place a password could be masked. */
        public static String masked(String text) {
            return text == null ? null : RedisUri.masked(text);
        }

        @Override
        public String toString() {
            return RedisUri.masked(uri);
        }
    }

    /**
     * The per-client verify budget ({@code playtcha.client-budget.*}); see {@link PlaytchaVerifier#verify(String, String, String, Policy)}.
     *
     * @param enabled   whether verifies with a client address spend from a budget at all
     * @param perMinute verifies an address earns back per minute, 1-60,000,000
     * @param burst     verifies an address may make at once, 1-1,000,000
     * @param addresses addresses tracked at once, 1 to {@value #MAX_ADDRESSES}; the least recently seen is forgotten first
     * @param cache         the JCache cache the cluster keeps the budgets in, or {@code null}
     * @param cacheProvider the class name of that cache's {@code CachingProvider}, or {@code null} for the default
     */
    public record ClientBudget(boolean enabled, int perMinute, int burst, int addresses, String cache, String cacheProvider) {

        /** The largest {@code addresses}: what a node under a distributed attack sees (why: docs/configuration.md). */
        public static final int MAX_ADDRESSES = 1_000_000;

        public ClientBudget {
            Setting.CLIENT_BUDGET_PER_MINUTE.requireCount(perMinute, 60_000_000, ", like 120");
            Setting.CLIENT_BUDGET_BURST.requireCount(burst, 1_000_000, ", like 30");
            Setting.CLIENT_BUDGET_ADDRESSES.requireCount(addresses, MAX_ADDRESSES, ", like 100000");
            SettingRules.budgetCache(cache, cacheProvider);
        }

        /** Budgets kept by this node, or in the database of {@code playtcha.ledger.datasource}: no cache. */
        public ClientBudget(boolean enabled, int perMinute, int burst, int addresses) {
            this(enabled, perMinute, burst, addresses, null, null);
        }
    }

    private static Login login(Builder b) {
        return new Login(b.get(Setting.LOGIN_REQUIRE), b.get(Setting.LOGIN_ACCOUNT_FAILURES), b.get(Setting.LOGIN_CLIENT_FAILURES),
                b.get(Setting.LOGIN_FAILURE_WINDOW), b.get(Setting.LOGIN_ATTACK_FAILURES_PER_MINUTE), b.get(Setting.LOGIN_ACCOUNT_NAMES),
                b.get(Setting.LOGIN_OUTSIDE_REQUESTS));
    }

    /**
     * When a guarded login needs a token ({@code playtcha.login.*}; docs/login.md, "Only after failures").
     *
     * @param afterFailures          {@code login.require=after-failures}: only while a count below is reached;
     *                               {@code false} ({@code always}): every attempt
     * @param accountFailures        failures of one account in {@code failureWindow} after which it needs a token, 1-100
     * @param clientFailures         failures of one client in {@code failureWindow} after which it needs a token, 1-100
     * @param failureWindow          how long a failure counts, 1 minute to 1 day
     * @param attackFailuresPerMinute failures of the application in the last minute above which every attempt needs
     *                               a token, 1-1,000,000
     * @param foldNames              {@code login.account-names=folded}: names counted as a case-insensitive realm
     *                               compares them; {@code false} ({@code exact}): as sent
     * @param outsideRequests        {@code login.outside-requests}: the application checks passwords outside web
     *                               requests on purpose, so under {@code always} such a check needs no token
     */
    public record Login(boolean afterFailures, int accountFailures, int clientFailures, Duration failureWindow,
            int attackFailuresPerMinute, boolean foldNames, boolean outsideRequests) {
        public Login {
            Setting.LOGIN_ACCOUNT_FAILURES.requireCount(accountFailures, 100, ", like 3");
            Setting.LOGIN_CLIENT_FAILURES.requireCount(clientFailures, 100, ", like 10");
            Setting.LOGIN_FAILURE_WINDOW.require(failureWindow != null && failureWindow.compareTo(Duration.ofMinutes(1)) >= 0
                    && failureWindow.compareTo(Duration.ofDays(1)) <= 0, "must be from 1 minute to 1 day, like 15m or PT15M; got "
                    + failureWindow);
            Setting.LOGIN_ATTACK_FAILURES_PER_MINUTE.requireCount(attackFailuresPerMinute, 1_000_000, ", like 100");
        }

        /** No password checked outside web requests, as {@code playtcha.login.outside-requests} is by default. */
        public Login(boolean afterFailures, int accountFailures, int clientFailures, Duration failureWindow, int attackFailuresPerMinute,
                boolean foldNames) {
            this(afterFailures, accountFailures, clientFailures, failureWindow, attackFailuresPerMinute, foldNames, false);
        }

        /** With names folded, as {@code playtcha.login.account-names} is by default. */
        public Login(boolean afterFailures, int accountFailures, int clientFailures, Duration failureWindow, int attackFailuresPerMinute) {
            this(afterFailures, accountFailures, clientFailures, failureWindow, attackFailuresPerMinute, true);
        }
    }

    /**
     * The readiness check ({@code playtcha.health.*}) of CDI applications with MicroProfile Health (docs/observability.md).
     *
     * @param enabled whether the check is registered
     */
    public record Health(boolean enabled) {
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
                + "ms, maxConnections=" + maxConnections + ", leaseTimeout=" + leaseTimeout.toMillis() + "ms, proxy=" + proxy
                + ", trustStore=" + trustStore + ", breaker=" + breaker + ", ledger=" + ledger + ", clusterTimeout="
                + clusterTimeout.toMillis() + "ms, clusterStartTimeout=" + clusterStartTimeout.toMillis() + "ms, managedThreads="
                + managedThreads + ", clientBudget=" + clientBudget + ", login=" + login + ", health=" + health + ", metrics=" + metrics
                + ", tokenParameter=" + tokenParameter
                + ", tokenHeader=" + tokenHeader + ", methods=" + new TreeSet<>(methods) + ", rejectStatus=" + rejectStatus
                + ", urlPatterns=" + urlPatterns + "]";
    }

    /** Equal when every setting is: the same secret, URL, timeouts, parts and filter settings. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PlaytchaSettings s && values().equals(s.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    private List<Object> values() {
        return Arrays.asList(secret, apiUrl, failMode, mode, timeout, connectTimeout, maxConnections, leaseTimeout, proxy,
                trustStore, breaker, ledger, clusterTimeout, clusterStartTimeout, managedThreads, clientBudget, login, health, metrics,
                tokenParameter, tokenHeader, methods, rejectStatus, urlPatterns);
    }

    /**
     * Builds {@link PlaytchaSettings}, one typed method per {@link Setting}; a setting not given has
     * the default {@link Setting} declares, read as its text would be.
     */
    public static final class Builder {
        private final Map<Setting, Object> given = new EnumMap<>(Setting.class);

        private Builder() { }

        public Builder secret(String secret) { return put(Setting.SECRET, secret); }
        public Builder apiUrl(URI apiUrl) { return put(Setting.API_URL, apiUrl); }
        public Builder failMode(FailMode failMode) { return put(Setting.FAIL_CLOSED, failMode); }
        public Builder mode(Mode mode) { return put(Setting.MODE, mode); }
        public Builder timeout(Duration timeout) { return put(Setting.TIMEOUT, timeout); }
        /** Unset, it is 1 s or {@code timeout}, whichever is shorter; set, it must not exceed {@code timeout}. */
        public Builder connectTimeout(Duration connectTimeout) { return put(Setting.CONNECT_TIMEOUT, connectTimeout); }
        public Builder maxConnections(int maxConnections) { return put(Setting.MAX_CONNECTIONS, maxConnections); }
        /** Unset, it is 250 ms or a quarter of {@code timeout}, whichever is shorter; set, it must be less than {@code timeout}. */
        public Builder leaseTimeout(Duration leaseTimeout) { return put(Setting.LEASE_TIMEOUT, leaseTimeout); }
        /** {@code null}: no proxy of our own, the JVM's proxy settings apply. */
        public Builder proxyHost(String host) { return put(Setting.PROXY_HOST, host); }
        public Builder proxyPort(int port) { return put(Setting.PROXY_PORT, port); }
        public Builder proxyUser(String user) { return put(Setting.PROXY_USER, user); }
        public Builder proxyPassword(String password) { return put(Setting.PROXY_PASSWORD, password); }
        public Builder trustStorePath(Path path) { return put(Setting.TRUST_STORE_PATH, path); }
        public Builder trustStorePassword(String password) { return put(Setting.TRUST_STORE_PASSWORD, password); }
        public Builder trustStoreType(String type) { return put(Setting.TRUST_STORE_TYPE, type); }
        public Builder breakerEnabled(boolean enabled) { return put(Setting.BREAKER_ENABLED, enabled); }
        public Builder breakerFailures(int failures) { return put(Setting.BREAKER_FAILURES, failures); }
        public Builder breakerCoolDown(Duration coolDown) { return put(Setting.BREAKER_COOL_DOWN, coolDown); }
        public Builder breakerProbes(int probes) { return put(Setting.BREAKER_PROBES, probes); }
        public Builder ledgerEnabled(boolean enabled) { return put(Setting.LEDGER_ENABLED, enabled); }
        /** Keeps the fail-open ledger's journal in this directory ({@code null}: in memory). */
        public Builder ledgerDirectory(Path directory) { return put(Setting.LEDGER_DIRECTORY, directory); }
        public Builder ledgerCapacity(int capacity) { return put(Setting.LEDGER_CAPACITY, capacity); }
        /** Keeps the fail-open ledger in the database of this JNDI name ({@code null}: memory or the directory). */
        public Builder ledgerDataSource(String jndiName) { return put(Setting.LEDGER_DATASOURCE, jndiName); }
        public Builder ledgerCreateSchema(boolean create) { return put(Setting.LEDGER_CREATE_SCHEMA, create); }
        public Builder ledgerLease(Duration lease) { return put(Setting.LEDGER_LEASE, lease); }
        public Builder ledgerRetention(Duration retention) { return put(Setting.LEDGER_RETENTION, retention); }
        /** {@code playtcha.ledger.claim-unavailable}: {@code true} for {@code hold-locally}, {@code false} for {@code refuse}. */
        public Builder ledgerHoldLocally(boolean holdLocally) { return put(Setting.LEDGER_CLAIM_UNAVAILABLE, holdLocally); }
        public Builder clusterTimeout(Duration timeout) { return put(Setting.CLUSTER_TIMEOUT, timeout); }
        public Builder clusterStartTimeout(Duration timeout) { return put(Setting.CLUSTER_START_TIMEOUT, timeout); }
        /** Shares the ledger, budgets and login counts through the Redis or Valkey server of this URI ({@code null}: none). */
        public Builder redisUri(String uri) { return put(Setting.REDIS_URI, uri); }
        /** {@code false}: the ledger runs on threads of its own even where the runtime offers managed ones. */
        public Builder managedThreads(boolean managed) { return put(Setting.MANAGED_THREADS, managed); }
        public Builder clientBudgetEnabled(boolean enabled) { return put(Setting.CLIENT_BUDGET_ENABLED, enabled); }
        public Builder clientBudgetPerMinute(int perMinute) { return put(Setting.CLIENT_BUDGET_PER_MINUTE, perMinute); }
        public Builder clientBudgetBurst(int burst) { return put(Setting.CLIENT_BUDGET_BURST, burst); }
        public Builder clientBudgetAddresses(int addresses) { return put(Setting.CLIENT_BUDGET_ADDRESSES, addresses); }
        /** Keeps the client budgets in the JCache cache of this name, shared by the cluster ({@code null}: none). */
        public Builder clientBudgetCache(String cache) { return put(Setting.CLIENT_BUDGET_CACHE, cache); }
        public Builder clientBudgetCacheProvider(String className) { return put(Setting.CLIENT_BUDGET_CACHE_PROVIDER, className); }
        /** {@code playtcha.login.require}: {@code true} for {@code after-failures}, {@code false} for {@code always}. */
        public Builder loginAfterFailures(boolean afterFailures) { return put(Setting.LOGIN_REQUIRE, afterFailures); }
        public Builder loginAccountFailures(int failures) { return put(Setting.LOGIN_ACCOUNT_FAILURES, failures); }
        public Builder loginClientFailures(int failures) { return put(Setting.LOGIN_CLIENT_FAILURES, failures); }
        public Builder loginFailureWindow(Duration window) { return put(Setting.LOGIN_FAILURE_WINDOW, window); }
        public Builder loginAttackFailuresPerMinute(int perMinute) { return put(Setting.LOGIN_ATTACK_FAILURES_PER_MINUTE, perMinute); }
        public Builder loginFoldNames(boolean fold) { return put(Setting.LOGIN_ACCOUNT_NAMES, fold); }
        public Builder loginOutsideRequests(boolean outside) { return put(Setting.LOGIN_OUTSIDE_REQUESTS, outside); }
        public Builder healthEnabled(boolean enabled) { return put(Setting.HEALTH_ENABLED, enabled); }
        public Builder metricsEnabled(boolean enabled) { return put(Setting.METRICS_ENABLED, enabled); }
        public Builder tokenParameter(String tokenParameter) { return put(Setting.TOKEN_PARAMETER, tokenParameter); }
        public Builder tokenHeader(String tokenHeader) { return put(Setting.TOKEN_HEADER, tokenHeader); }
        public Builder methods(Set<String> methods) { return put(Setting.METHODS, methods); }
        public Builder rejectStatus(int rejectStatus) { return put(Setting.REJECT_STATUS, rejectStatus); }
        /** @throws InvalidSettingException at once, naming {@code playtcha.url-patterns}, for a pattern the servlet spec does not know */
        public Builder urlPatterns(List<String> urlPatterns) { return put(Setting.URL_PATTERNS, SettingRules.urlPatterns(urlPatterns)); }
        /** All four {@code playtcha.breaker.*} settings at once. */
        public Builder breaker(Breaker b) {
            return breakerEnabled(b.enabled()).breakerFailures(b.failures()).breakerCoolDown(b.coolDown()).breakerProbes(b.probes());
        }
        /** All {@code playtcha.ledger.*} settings at once. */
        public Builder ledger(Ledger l) {
            return ledgerEnabled(l.enabled()).ledgerDirectory(l.directory()).ledgerCapacity(l.capacity())
                    .ledgerDataSource(l.dataSource()).ledgerCreateSchema(l.createSchema()).ledgerLease(l.lease())
                    .ledgerRetention(l.retention()).ledgerHoldLocally(l.holdLocally());
        }
        /** All {@code playtcha.client-budget.*} settings at once. */
        public Builder clientBudget(ClientBudget c) {
            return clientBudgetEnabled(c.enabled()).clientBudgetPerMinute(c.perMinute()).clientBudgetBurst(c.burst())
                    .clientBudgetAddresses(c.addresses()).clientBudgetCache(c.cache()).clientBudgetCacheProvider(c.cacheProvider());
        }

        /**
         * Sets one setting from its text, read exactly as the filter reads its init-param and
         * MicroProfile Config its key, for settings that come as text from anywhere else (a
         * context-param, a properties file, a secret store), in the forms of docs/configuration.md.
         * Surrounding whitespace is ignored; blank text is not "unset" here (a reader that treats an
         * empty value as unset, as the filter does, skips it instead of calling this). Text of the
         * wrong kind fails here; whether a value of the right kind can work {@link #build()} checks.
         *
         * @param setting any setting, {@link Setting#SECRET} and {@link Setting#URL_PATTERNS} included
         * @param text    its value as written, like {@code 2s}
         * @throws InvalidSettingException naming the key and what a valid value looks like
         */
        public Builder set(Setting setting, String text) {
            return put(Objects.requireNonNull(setting, "setting"), SettingRules.read(setting, text));
        }

        /** @throws InvalidSettingException naming the first key whose value cannot work */
        public PlaytchaSettings build() {
            return new PlaytchaSettings(this);
        }

        private Builder put(Setting setting, Object value) {
            given.put(setting, value);
            return this;
        }

        /** Whether the setting was given, rather than left to its default. */
        private boolean given(Setting setting) {
            return given.containsKey(setting);
        }

        /** The value given, else the declared default read from its text; {@code null} when neither is. */
        @SuppressWarnings("unchecked")
        private <T> T get(Setting setting) {
            return (T) (given(setting) ? given.get(setting)
                    : setting.defaultValue().map(text -> SettingRules.read(setting, text)).orElse(null));
        }
    }
}
