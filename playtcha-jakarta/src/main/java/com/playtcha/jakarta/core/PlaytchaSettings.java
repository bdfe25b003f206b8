package com.playtcha.jakarta.core;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting of playtcha-jakarta, validated and immutable. {@link Setting} declares the keys and
 * their defaults; the filter and the CDI producer read them from init-params, MicroProfile Config or
 * the environment; code builds one directly:
 *
 * <pre>{@code
 * PlaytchaSettings settings = PlaytchaSettings.builder(System.getenv("PLAYTCHA_SECRET"))
 *         .timeout(Duration.ofSeconds(2))
 *         .failMode(FailMode.CLOSED)
 *         .build();
 * }</pre>
 *
 * <p>The constructor rejects what cannot work with an {@link InvalidSettingException} that names
 * the key and what a valid value looks like. {@link #toString()} masks the secret; {@link #secret()}
 * returns it, for the verifier to send, so do not log the record's components one by one.
 *
 * @param secret         the project's server secret
 * @param apiUrl         Playtcha's base URL, without a trailing slash
 * @param failMode       what an unavailable Playtcha does to a request
 * @param mode           enforce or only observe
 * @param timeout        the whole-verify budget
 * @param connectTimeout the connect budget, at most {@code timeout}
 * @param maxConnections pooled connections, and the most verifies in flight, 1-10,000
 * @param leaseTimeout   the longest wait for a pooled connection, less than {@code timeout}; the
 *                       exchange with Playtcha then gets the rest, {@code timeout - leaseTimeout}
 * @param breaker        the circuit breaker: on or off, failures, cool-down and probes
 * @param ledger         where fail-open decisions are kept until re-verified, and how many
 * @param clientBudget   the per-client verify budget: on or off, rate, burst, addresses tracked
 * @param health         the MicroProfile Health readiness check: on or off
 * @param tokenParameter the form field that carries the token
 * @param tokenHeader    the header that carries the token
 * @param methods        upper-case HTTP methods that need a token, or just {@link #UNSAFE}; ask {@link #guards}
 * @param rejectStatus   the status for a rejected token, 400-499
 * @param urlPatterns    servlet URL patterns the filter registers itself on (may be empty)
 */
public record PlaytchaSettings(String secret, URI apiUrl, FailMode failMode, Mode mode, Duration timeout,
        Duration connectTimeout, int maxConnections, Duration leaseTimeout, Breaker breaker, Ledger ledger,
        ClientBudget clientBudget, Health health, String tokenParameter, String tokenHeader, Set<String> methods, int rejectStatus,
        List<String> urlPatterns) {

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

    public PlaytchaSettings {
        SettingRules.secret(secret);
        apiUrl = SettingRules.apiUrl(apiUrl);
        Objects.requireNonNull(failMode, "failMode");
        Objects.requireNonNull(mode, "mode");
        SettingRules.timeouts(timeout, connectTimeout, leaseTimeout);
        Setting.MAX_CONNECTIONS.requireCount(maxConnections, 10_000, "");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(clientBudget, "clientBudget");
        Objects.requireNonNull(health, "health");
        SettingRules.tokenSources(tokenParameter, tokenHeader);
        methods = SettingRules.methods(methods);
        Setting.REJECT_STATUS.require(rejectStatus >= 400 && rejectStatus <= 499,
                "must be a client-error status from 400 to 499, like 403 or 422; got " + rejectStatus);
        urlPatterns = SettingRules.urlPatterns(urlPatterns);
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
     * @param enabled   whether fail-open requests are recorded and re-verified at all
     * @param directory where the journal and the dead-letter file live, or {@code null} to keep the
     *                  ledger in memory
     * @param capacity  the most entries waiting for re-verification, 1-10,000,000
     */
    public record Ledger(boolean enabled, Path directory, int capacity) {
        public Ledger {
            Setting.LEDGER_DIRECTORY.require(directory == null || directory.isAbsolute(),
                    "must be an absolute path, like /var/lib/myapp/playtcha; got '" + directory + "'");
            Setting.LEDGER_CAPACITY.requireCount(capacity, 10_000_000, ", like 10000");
        }

        /** Whether entries survive a restart: the ledger is on and a directory is set. */
        public boolean durable() {
            return enabled && directory != null;
        }
    }

    /**
     * The per-client verify budget ({@code playtcha.client-budget.*}); see {@link PlaytchaVerifier#verify(String, String)}.
     *
     * @param enabled   whether verifies with a client address spend from a budget at all
     * @param perMinute verifies an address earns back per minute, 1-60,000,000
     * @param burst     verifies an address may make at once, 1-1,000,000
     * @param addresses addresses tracked at once, 1-10,000,000; the least recently seen is forgotten first
     */
    public record ClientBudget(boolean enabled, int perMinute, int burst, int addresses) {
        public ClientBudget {
            Setting.CLIENT_BUDGET_PER_MINUTE.requireCount(perMinute, 60_000_000, ", like 120");
            Setting.CLIENT_BUDGET_BURST.requireCount(burst, 1_000_000, ", like 30");
            Setting.CLIENT_BUDGET_ADDRESSES.requireCount(addresses, 10_000_000, ", like 100000");
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
                + "ms, maxConnections=" + maxConnections + ", leaseTimeout=" + leaseTimeout.toMillis() + "ms, breaker="
                + breaker + ", ledger=" + ledger + ", clientBudget=" + clientBudget + ", health=" + health + ", tokenParameter=" + tokenParameter
                + ", tokenHeader=" + tokenHeader + ", methods=" + new TreeSet<>(methods) + ", rejectStatus=" + rejectStatus
                + ", urlPatterns=" + urlPatterns + "]";
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
        private boolean breakerEnabled = true;
        private int breakerFailures = 5;
        private Duration breakerCoolDown = Duration.ofSeconds(10);
        private int breakerProbes = 1;
        private boolean ledgerEnabled = true;
        private Path ledgerDirectory;
        private int ledgerCapacity = 10_000;
        private boolean clientBudgetEnabled = true;
        private int clientBudgetPerMinute = 120;
        private int clientBudgetBurst = 30;
        private int clientBudgetAddresses = 100_000;
        private boolean healthEnabled = true;
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
        public Builder breakerEnabled(boolean enabled) { this.breakerEnabled = enabled; return this; }
        public Builder breakerFailures(int failures) { this.breakerFailures = failures; return this; }
        public Builder breakerCoolDown(Duration coolDown) { this.breakerCoolDown = coolDown; return this; }
        public Builder breakerProbes(int probes) { this.breakerProbes = probes; return this; }
        public Builder ledgerEnabled(boolean enabled) { this.ledgerEnabled = enabled; return this; }
        /** Keeps the fail-open ledger's journal in this directory ({@code null}: in memory). */
        public Builder ledgerDirectory(Path directory) { this.ledgerDirectory = directory; return this; }
        public Builder ledgerCapacity(int capacity) { this.ledgerCapacity = capacity; return this; }
        public Builder clientBudgetEnabled(boolean enabled) { this.clientBudgetEnabled = enabled; return this; }
        public Builder clientBudgetPerMinute(int perMinute) { this.clientBudgetPerMinute = perMinute; return this; }
        public Builder clientBudgetBurst(int burst) { this.clientBudgetBurst = burst; return this; }
        public Builder clientBudgetAddresses(int addresses) { this.clientBudgetAddresses = addresses; return this; }
        public Builder healthEnabled(boolean enabled) { this.healthEnabled = enabled; return this; }
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
        /** All three {@code playtcha.ledger.*} settings at once. */
        public Builder ledger(Ledger l) { return ledgerEnabled(l.enabled()).ledgerDirectory(l.directory()).ledgerCapacity(l.capacity()); }
        /** All four {@code playtcha.client-budget.*} settings at once. */
        public Builder clientBudget(ClientBudget c) {
            return clientBudgetEnabled(c.enabled()).clientBudgetPerMinute(c.perMinute()).clientBudgetBurst(c.burst())
                    .clientBudgetAddresses(c.addresses());
        }

        /** @throws InvalidSettingException naming the first key whose value cannot work */
        public PlaytchaSettings build() {
            Duration connect = connectTimeoutSet ? connectTimeout : SettingRules.atMost(connectTimeout, timeout, 1);
            Duration lease = leaseTimeoutSet ? leaseTimeout : SettingRules.atMost(leaseTimeout, timeout, 4);
            return new PlaytchaSettings(secret, apiUrl, failMode, mode, timeout, connect, maxConnections, lease,
                    new Breaker(breakerEnabled, breakerFailures, breakerCoolDown, breakerProbes),
                    new Ledger(ledgerEnabled, ledgerDirectory, ledgerCapacity), new ClientBudget(clientBudgetEnabled,
                    clientBudgetPerMinute, clientBudgetBurst, clientBudgetAddresses), new Health(healthEnabled), tokenParameter,
                    tokenHeader, methods,
                    rejectStatus, urlPatterns);
        }
    }
}
