package com.playtcha.jakarta.core;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    private final boolean managedThreads;
    private final ClientBudget clientBudget;
    private final Health health;
    private final boolean metrics;
    private final String tokenParameter;
    private final String tokenHeader;
    private final Set<String> methods;
    private final int rejectStatus;
    private final List<String> urlPatterns;

    /** Validates what the builder holds; the first value at fault throws, naming its key. */
    private PlaytchaSettings(Builder b) {
        SettingRules.secret(b.secret);
        secret = b.secret;
        apiUrl = SettingRules.apiUrl(b.apiUrl);
        failMode = Objects.requireNonNull(b.failMode, "failMode");
        mode = Objects.requireNonNull(b.mode, "mode");
        timeout = b.timeout;
        connectTimeout = b.connectTimeoutSet ? b.connectTimeout : SettingRules.atMost(b.connectTimeout, timeout, 1);
        leaseTimeout = b.leaseTimeoutSet ? b.leaseTimeout : SettingRules.atMost(b.leaseTimeout, timeout, 4);
        SettingRules.timeouts(timeout, connectTimeout, leaseTimeout);
        Setting.MAX_CONNECTIONS.requireCount(b.maxConnections, 10_000, "");
        maxConnections = b.maxConnections;
        proxy = new Proxy(b.proxyHost, b.proxyPort, b.proxyUser, b.proxyPassword);
        trustStore = new TrustStore(b.trustStorePath, b.trustStorePassword, b.trustStoreType);
        breaker = new Breaker(b.breakerEnabled, b.breakerFailures, b.breakerCoolDown, b.breakerProbes);
        ledger = new Ledger(b.ledgerEnabled, b.ledgerDirectory, b.ledgerCapacity, b.ledgerDataSource, b.ledgerCreateSchema,
                b.ledgerLease, b.ledgerRetention);
        managedThreads = b.managedThreads;
        clientBudget = new ClientBudget(b.clientBudgetEnabled, b.clientBudgetPerMinute, b.clientBudgetBurst,
                b.clientBudgetAddresses);
        health = new Health(b.healthEnabled);
        metrics = b.metricsEnabled;
        SettingRules.tokenSources(b.tokenParameter, b.tokenHeader);
        tokenParameter = b.tokenParameter;
        tokenHeader = b.tokenHeader;
        methods = SettingRules.methods(b.methods);
        SettingRules.rejectStatus(b.rejectStatus);
        rejectStatus = b.rejectStatus;
        urlPatterns = SettingRules.urlPatterns(b.urlPatterns);
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
     * The HTTP proxy that this verifier's posts go through ({@code playtcha.proxy.*}): plain http is
     * forwarded, https goes through a CONNECT tunnel, so the proxy sees where but not what. With a
     * user, the proxy's Basic challenge (407) is answered; the credentials go to the proxy only.
     * {@link #toString()} masks the password.
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
     * A trust store whose certificate entries are trusted for Playtcha's TLS in addition to the
     * JDK's default ones ({@code playtcha.trust-store.*}): the CA of a TLS-inspecting proxy. The
     * constructor reads it, so a file that cannot be read, a wrong password or a store without
     * certificates fails start-up. {@link #toString()} masks the password.
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
     * The circuit breaker's settings ({@code playtcha.breaker.*}); see the verifier's documentation.
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
     */
    public record Ledger(boolean enabled, Path directory, int capacity, String dataSource, boolean createSchema,
            Duration lease, Duration retention) {

        /**
         * The largest {@code capacity}: what a single busy node meets, with room to spare. An entry is
         * open for its token's life, 5 minutes, and then its delivery, so a node failing open N requests
         * a second holds about 300 x N: 1,000 a second, a busy site's guarded posts all failing open,
         * make 300,000, and the bound is over three times that. Each entry takes about 400 bytes of heap
         * and its token (up to 8 KiB for junk posted during an outage), so a million is already more
         * than most heaps should give it; the default, 10,000, takes 4-90 MB full.
         */
        public static final int MAX_CAPACITY = 1_000_000;

        public Ledger {
            Setting.LEDGER_DIRECTORY.require(directory == null || directory.isAbsolute(),
                    "must be an absolute path, like /var/lib/myapp/playtcha; got '" + directory + "'");
            Setting.LEDGER_CAPACITY.requireCount(capacity, MAX_CAPACITY, ", like 10000");
            SettingRules.ledgerStore(directory, dataSource);
            Setting.LEDGER_LEASE.requirePositive(lease);
            Setting.LEDGER_RETENTION.requirePositive(retention);
        }

        /** Whether entries survive a restart: the ledger is on and a directory or a database is set. */
        public boolean durable() {
            return enabled && (directory != null || dataSource != null);
        }
    }

    /**
     * The per-client verify budget ({@code playtcha.client-budget.*}); see {@link PlaytchaVerifier#verify(String, String, String, Policy)}.
     *
     * @param enabled   whether verifies with a client address spend from a budget at all
     * @param perMinute verifies an address earns back per minute, 1-60,000,000
     * @param burst     verifies an address may make at once, 1-1,000,000
     * @param addresses addresses tracked at once, 1 to {@value #MAX_ADDRESSES}; the least recently seen is forgotten first
     */
    public record ClientBudget(boolean enabled, int perMinute, int burst, int addresses) {

        /**
         * The largest {@code addresses}: what a single node under a distributed attack sees. A budget
         * matters only until it is full again, {@code burst / per-minute} minutes after its last spend
         * (15 seconds by default); one forgotten later starts full, as it would have been. The bound
         * remembers every address of that window at 66,000 new addresses a second, more requests than a
         * two-CPU node serves with no filter at all (about 40,000 a second, docs/benchmarks.md). An
         * address that keeps posting over its budget is seen at least twice a second, so it stays among
         * the most recently seen however many others pass. Each budget takes about 130 bytes: 130 MB at
         * the bound, 13 MB at the default.
         */
        public static final int MAX_ADDRESSES = 1_000_000;

        public ClientBudget {
            Setting.CLIENT_BUDGET_PER_MINUTE.requireCount(perMinute, 60_000_000, ", like 120");
            Setting.CLIENT_BUDGET_BURST.requireCount(burst, 1_000_000, ", like 30");
            Setting.CLIENT_BUDGET_ADDRESSES.requireCount(addresses, MAX_ADDRESSES, ", like 100000");
        }
    }

    /**
     * The readiness check ({@code playtcha.health.*}), registered in CDI applications where MicroProfile
     * Health is present; see {@code docs/observability.md}.
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
                + ", trustStore=" + trustStore + ", breaker=" + breaker + ", ledger=" + ledger + ", managedThreads="
                + managedThreads + ", clientBudget=" + clientBudget + ", health=" + health + ", metrics=" + metrics
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
                trustStore, breaker, ledger, managedThreads, clientBudget, health, metrics, tokenParameter, tokenHeader,
                methods, rejectStatus, urlPatterns);
    }

    /** Builds {@link PlaytchaSettings}, one typed method per {@link Setting}, from its defaults (a test keeps them equal). */
    public static final class Builder {
        private String secret;
        private URI apiUrl = URI.create("https://api.playtcha.com");
        private FailMode failMode = FailMode.OPEN;
        private Mode mode = Mode.ENFORCE;
        private Duration timeout = Duration.ofSeconds(3);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private boolean connectTimeoutSet;
        private int maxConnections = 64;
        private Duration leaseTimeout = Duration.ofMillis(250);
        private boolean leaseTimeoutSet;
        private String proxyHost;
        private int proxyPort;
        private String proxyUser;
        private String proxyPassword;
        private Path trustStorePath;
        private String trustStorePassword;
        private String trustStoreType = "PKCS12";
        private boolean breakerEnabled = true;
        private int breakerFailures = 5;
        private Duration breakerCoolDown = Duration.ofSeconds(10);
        private int breakerProbes = 1;
        private boolean ledgerEnabled = true;
        private Path ledgerDirectory;
        private int ledgerCapacity = 10_000;
        private String ledgerDataSource;
        private boolean ledgerCreateSchema = true;
        private Duration ledgerLease = Duration.ofSeconds(30);
        private Duration ledgerRetention = Duration.ofDays(7);
        private boolean managedThreads = true;
        private boolean clientBudgetEnabled = true;
        private int clientBudgetPerMinute = 120;
        private int clientBudgetBurst = 30;
        private int clientBudgetAddresses = 100_000;
        private boolean healthEnabled = true;
        private boolean metricsEnabled = true;
        private String tokenParameter = "playtcha-token";
        private String tokenHeader = "Playtcha-Token";
        private Set<String> methods = Set.of("POST", "PUT", "PATCH", "DELETE");
        private int rejectStatus = 403;
        private List<String> urlPatterns = List.of();

        private Builder() { }

        public Builder secret(String secret) { this.secret = secret; return this; }
        public Builder apiUrl(URI apiUrl) { this.apiUrl = apiUrl; return this; }
        public Builder failMode(FailMode failMode) { this.failMode = failMode; return this; }
        public Builder mode(Mode mode) { this.mode = mode; return this; }
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        /** Unset, it is 1 s or {@code timeout}, whichever is shorter; set, it must not exceed {@code timeout}. */
        public Builder connectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; connectTimeoutSet = true; return this; }
        public Builder maxConnections(int maxConnections) { this.maxConnections = maxConnections; return this; }
        /** Unset, it is 250 ms or a quarter of {@code timeout}, whichever is shorter; set, it must be less than {@code timeout}. */
        public Builder leaseTimeout(Duration leaseTimeout) { this.leaseTimeout = leaseTimeout; leaseTimeoutSet = true; return this; }
        /** {@code null}: no proxy of our own, the JVM's proxy settings apply. */
        public Builder proxyHost(String host) { this.proxyHost = host; return this; }
        public Builder proxyPort(int port) { this.proxyPort = port; return this; }
        public Builder proxyUser(String user) { this.proxyUser = user; return this; }
        public Builder proxyPassword(String password) { this.proxyPassword = password; return this; }
        /** All four {@code playtcha.proxy.*} settings at once. */
        public Builder proxy(Proxy p) { return proxyHost(p.host()).proxyPort(p.port()).proxyUser(p.user()).proxyPassword(p.password()); }
        public Builder trustStorePath(Path path) { this.trustStorePath = path; return this; }
        public Builder trustStorePassword(String password) { this.trustStorePassword = password; return this; }
        public Builder trustStoreType(String type) { this.trustStoreType = type; return this; }
        /** All three {@code playtcha.trust-store.*} settings at once. */
        public Builder trustStore(TrustStore t) { return trustStorePath(t.path()).trustStorePassword(t.password()).trustStoreType(t.type()); }
        public Builder breakerEnabled(boolean enabled) { this.breakerEnabled = enabled; return this; }
        public Builder breakerFailures(int failures) { this.breakerFailures = failures; return this; }
        public Builder breakerCoolDown(Duration coolDown) { this.breakerCoolDown = coolDown; return this; }
        public Builder breakerProbes(int probes) { this.breakerProbes = probes; return this; }
        public Builder ledgerEnabled(boolean enabled) { this.ledgerEnabled = enabled; return this; }
        /** Keeps the fail-open ledger's journal in this directory ({@code null}: in memory). */
        public Builder ledgerDirectory(Path directory) { this.ledgerDirectory = directory; return this; }
        public Builder ledgerCapacity(int capacity) { this.ledgerCapacity = capacity; return this; }
        /** Keeps the fail-open ledger in the database of this JNDI name ({@code null}: memory or the directory). */
        public Builder ledgerDataSource(String jndiName) { this.ledgerDataSource = jndiName; return this; }
        public Builder ledgerCreateSchema(boolean create) { this.ledgerCreateSchema = create; return this; }
        public Builder ledgerLease(Duration lease) { this.ledgerLease = lease; return this; }
        public Builder ledgerRetention(Duration retention) { this.ledgerRetention = retention; return this; }
        /** {@code false}: the ledger runs on threads of its own even where the runtime offers managed ones. */
        public Builder managedThreads(boolean managed) { this.managedThreads = managed; return this; }
        public Builder clientBudgetEnabled(boolean enabled) { this.clientBudgetEnabled = enabled; return this; }
        public Builder clientBudgetPerMinute(int perMinute) { this.clientBudgetPerMinute = perMinute; return this; }
        public Builder clientBudgetBurst(int burst) { this.clientBudgetBurst = burst; return this; }
        public Builder clientBudgetAddresses(int addresses) { this.clientBudgetAddresses = addresses; return this; }
        public Builder healthEnabled(boolean enabled) { this.healthEnabled = enabled; return this; }
        public Builder metricsEnabled(boolean enabled) { this.metricsEnabled = enabled; return this; }
        public Builder tokenParameter(String tokenParameter) { this.tokenParameter = tokenParameter; return this; }
        public Builder tokenHeader(String tokenHeader) { this.tokenHeader = tokenHeader; return this; }
        public Builder methods(Set<String> methods) { this.methods = methods; return this; }
        public Builder rejectStatus(int rejectStatus) { this.rejectStatus = rejectStatus; return this; }
        /** @throws InvalidSettingException at once, naming {@code playtcha.url-patterns}, for a pattern the servlet spec does not know */
        public Builder urlPatterns(List<String> urlPatterns) { this.urlPatterns = SettingRules.urlPatterns(urlPatterns); return this; }
        /** All four {@code playtcha.breaker.*} settings at once. */
        public Builder breaker(Breaker b) {
            return breakerEnabled(b.enabled()).breakerFailures(b.failures()).breakerCoolDown(b.coolDown()).breakerProbes(b.probes());
        }
        /** All {@code playtcha.ledger.*} settings at once. */
        public Builder ledger(Ledger l) {
            return ledgerEnabled(l.enabled()).ledgerDirectory(l.directory()).ledgerCapacity(l.capacity())
                    .ledgerDataSource(l.dataSource()).ledgerCreateSchema(l.createSchema()).ledgerLease(l.lease())
                    .ledgerRetention(l.retention());
        }
        /** All four {@code playtcha.client-budget.*} settings at once. */
        public Builder clientBudget(ClientBudget c) {
            return clientBudgetEnabled(c.enabled()).clientBudgetPerMinute(c.perMinute()).clientBudgetBurst(c.burst())
                    .clientBudgetAddresses(c.addresses());
        }

        /**
         * Sets one setting from its text, read exactly as the filter reads its init-param and
         * MicroProfile Config its key, for settings that come as text from anywhere else (a
         * context-param, a properties file, a secret store):
         *
         * <pre>{@code
         * PlaytchaSettings settings = PlaytchaSettings.builder(secret)
         *         .set(Setting.TIMEOUT, "2s")
         *         .set(Setting.FAIL_CLOSED, "1")
         *         .build();
         * }</pre>
         *
         * <p>Surrounding whitespace is ignored. Durations are {@code 250ms}, {@code 3s}, {@code 1m}
         * (a whole number with a unit) or ISO-8601 ({@code PT3S}), never a bare number; on/off
         * settings are {@code true}/{@code 1} or {@code false}/{@code 0} in any case ({@code
         * playtcha.fail-closed} too); counts and statuses are whole numbers; {@code methods} and
         * {@code url-patterns} are comma-separated, empty items dropped; {@code mode} is {@code
         * enforce} or {@code observe}. Blank text is not "unset" here: a reader that treats an empty
         * value as unset, as the filter does, skips it instead of calling this.
         *
         * <p>Text of the wrong kind fails here; whether a value of the right kind can work (ranges,
         * the api-url's form, how the timeouts fit together) {@link #build()} checks, as for the typed
         * methods.
         *
         * @param setting any setting, {@link Setting#SECRET} and {@link Setting#URL_PATTERNS} included
         * @param text    its value as written, like {@code 2s}
         * @throws InvalidSettingException naming the key and what a valid value looks like
         */
        public Builder set(Setting setting, String text) {
            return SettingText.set(this, Objects.requireNonNull(setting, "setting"), text);
        }

        /** @throws InvalidSettingException naming the first key whose value cannot work */
        public PlaytchaSettings build() {
            return new PlaytchaSettings(this);
        }
    }
}
