package com.playtcha.jakarta.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of playtcha-jakarta, declared once: its MicroProfile Config key, its default and
 * what it means. The settings loader, the settings table (docs/configuration.md) and the tests all
 * read this list; users may name keys through it.
 *
 * <p>A setting has three names ({@link #key()}, {@link #initParam()},
 * {@link #environmentVariable()}) and says what it shapes ({@link #scope()}); the settings that
 * build a verifier ({@link #buildsVerifier()}) are listed here and nowhere else.
 */
public enum Setting {

    SECRET("playtcha.secret", Scope.VERIFIER, null,
            "Server secret of the Playtcha project (`PLAYTCHA_SECRET`). Required. Never logged."),
    API_URL("playtcha.api-url", Scope.VERIFIER, "https://api.playtcha.com",
            "Base URL; the verifier posts to `{api-url}/v1/verify`. A value that ends in `/v1/verify` fails start-up: give the "
                    + "base URL, like `https://api.playtcha.com`."),
    FAIL_CLOSED("playtcha.fail-closed", Scope.REQUEST, "false",
            "`true`/`1`: an unavailable Playtcha blocks the request with 503 (`PLAYTCHA_FAIL_CLOSED=1`). `false`/`0`: it lets it through."),
    MODE("playtcha.mode", Scope.REQUEST, "enforce",
            "`enforce` blocks rejected requests; `observe` never blocks and only records."),
    TIMEOUT("playtcha.timeout", Scope.VERIFIER, "3s",
            "Whole-verify budget: the wait for a pooled connection (at most `lease-timeout`), then the exchange with Playtcha, "
                    + "which gets what is left of `timeout` once it has a connection: at least `timeout` minus `lease-timeout`. A verify "
                    + "returns within `timeout`. `250ms`, `3s`, `1m` or ISO-8601 (`PT3S`)."),
    CONNECT_TIMEOUT("playtcha.connect-timeout", Scope.VERIFIER, "1s",
            "TCP/TLS connect budget, inside `timeout` (unset: 1s or `timeout`, whichever is shorter)."),
    MAX_CONNECTIONS("playtcha.max-connections", Scope.VERIFIER, "64",
            "Pooled connections to Playtcha, and so the most verifies in flight."),
    LEASE_TIMEOUT("playtcha.lease-timeout", Scope.VERIFIER, "250ms",
            "Longest wait for a pooled connection when all `max-connections` are busy; then the verify is unavailable "
                    + "`overloaded` (blocked 503 with `Retry-After: 1` in both fail modes; never counted by the breaker). Less than "
                    + "`timeout` (unset: 250ms or a quarter of `timeout`, whichever is shorter)."),
    PROXY_HOST("playtcha.proxy.host", Scope.VERIFIER, null,
            "HTTP proxy that this verifier's calls to Playtcha go through (https through a CONNECT tunnel), whatever the JVM's "
                    + "proxy settings say: a host name or IP address, like `proxy.example.com`. Unset: the JVM's `ProxySelector` "
                    + "applies, as it does for the JDK's own clients."),
    PROXY_PORT("playtcha.proxy.port", Scope.VERIFIER, null,
            "The proxy's port, 1-65535, like `3128`. Required with `proxy.host`."),
    PROXY_USER("playtcha.proxy.user", Scope.VERIFIER, null,
            "User for the proxy's Basic authentication, sent to the proxy only, never to Playtcha. Needs `proxy.host` and "
                    + "`proxy.password`. A proxy that refuses it makes verifies unavailable `proxy_auth_failed`."),
    PROXY_PASSWORD("playtcha.proxy.password", Scope.VERIFIER, null,
            "Password of `proxy.user` (`PLAYTCHA_PROXY_PASSWORD`). Never logged."),
    TRUST_STORE_PATH("playtcha.trust-store.path", Scope.VERIFIER, null,
            "Absolute path of a trust store whose CA certificates are trusted for Playtcha's TLS in addition to the JDK's: a "
                    + "TLS-inspecting proxy's CA, like `/etc/myapp/proxy-ca.p12`. Read at start-up: a file that cannot be read, a wrong "
                    + "password or a store without certificates fails deployment."),
    TRUST_STORE_PASSWORD("playtcha.trust-store.password", Scope.VERIFIER, null,
            "The trust store's password (`PLAYTCHA_TRUST_STORE_PASSWORD`), which checks its integrity. Never logged."),
    TRUST_STORE_TYPE("playtcha.trust-store.type", Scope.VERIFIER, "PKCS12",
            "The trust store's format: `PKCS12` or `JKS`."),
    BREAKER_ENABLED("playtcha.breaker.enabled", Scope.VERIFIER, "true",
            "`true`/`1`: a circuit breaker stops calling Playtcha during an outage and answers unavailable `circuit_open` at once."),
    BREAKER_FAILURES("playtcha.breaker.failures", Scope.VERIFIER, "5",
            "Consecutive unavailable results (timeout, network error, 5xx, unreadable reply) that open the breaker. Rejections "
                    + "never count."),
    BREAKER_COOL_DOWN("playtcha.breaker.cool-down", Scope.VERIFIER, "10s",
            "How long the breaker stays open before it lets probe verifies through."),
    BREAKER_PROBES("playtcha.breaker.probes", Scope.VERIFIER, "1",
            "Verifies let through at once as probes after the cool-down; one that gets a verdict closes the breaker, one that "
                    + "fails opens it again."),
    LEDGER_ENABLED("playtcha.ledger.enabled", Scope.VERIFIER, "true",
            "`true`/`1`: requests that fail open are recorded, re-verified once Playtcha answers, and their outcome reported to "
                    + "listeners. `false`: only logged (their tokens are still refused as replays for 5 minutes)."),
    LEDGER_DIRECTORY("playtcha.ledger.directory", Scope.VERIFIER, null,
            "Absolute path of a directory for the fail-open ledger's journal and dead-letter file, so that requests let through "
                    + "during an outage are re-verified and reported also after a restart. Unset: the ledger is kept in memory."),
    LEDGER_CAPACITY("playtcha.ledger.capacity", Scope.VERIFIER, "10000",
            "Most fail-open entries waiting for re-verification (1 to 1,000,000: an entry waits for its token's 5 minutes, so a "
                    + "node failing open 1,000 requests a second holds 300,000; each takes about 400 bytes and its token); past it a "
                    + "fail-open request is not recorded, only counted (a WARNING and a dead-letter line), and its token is kept as a "
                    + "tombstone to refuse its replays (see docs/outages-and-ledger.md)."),
    LEDGER_DATASOURCE("playtcha.ledger.datasource", Scope.VERIFIER, null,
            "JNDI name of a `DataSource` (like `java:comp/DefaultDataSource`; or a CDI bean's `@Named` name, a Spring bean's name) "
                    + "holding the fail-open ledger in a database table "
                    + "shared by every node, so that entries survive a restart and another node takes over a dead node's; see "
                    + "docs/outages-and-ledger.md. PostgreSQL; needs the module `com.playtcha:playtcha-jakarta-cluster` next to the "
                    + "library; not together with `ledger.directory`; a name, never a database URL (a `jdbc:` URL here fails the "
                    + "start, unshown). Unset: memory, or the directory's journal."),
    LEDGER_CREATE_SCHEMA("playtcha.ledger.create-schema", Scope.VERIFIER, "true",
            "`true`/`1`: with `ledger.datasource`, the ledger's tables are created on first use when missing. `false`: they must "
                    + "exist (the SQL ships in the `playtcha-jakarta-cluster` JAR as `com/playtcha/jakarta/ledger-postgresql.sql`)."),
    LEDGER_LEASE("playtcha.ledger.lease", Scope.VERIFIER, "30s",
            "With `ledger.datasource` or `redis.uri`: how long a node's claim on its entries lasts without renewal (it renews "
                    + "every third of it); a node dead longer than this has its open entries taken over by another. The ledger's "
                    + "database connections give up a call that gets no answer after this long (at least 2s; a claim has its own, "
                    + "shorter bound)."),
    LEDGER_RETENTION("playtcha.ledger.retention", Scope.VERIFIER, "P7D",
            "With `ledger.datasource` or `redis.uri`: how long a reported or parked row (path, client address, outcome; never "
                    + "the token, erased once settled) is kept before it is deleted."),
    LEDGER_CLAIM_UNAVAILABLE("playtcha.ledger.claim-unavailable", Scope.VERIFIER, "hold-locally",
            "With `ledger.datasource` or `redis.uri`: what a request that fails open does when its token's claim in the shared "
                    + "store gets no answer within `cluster.timeout` (the database is away too). `hold-locally`: it goes on, its token "
                    + "held on this node only (attribute `com.playtcha.held-locally`), and, if another node let the same token through "
                    + "too, is reported once the database answers (`rejected` when the other came first, `ambiguous` when after); "
                    + "`refuse`: it is blocked with 503, code `claim_unavailable`."),
    CLUSTER_TIMEOUT("playtcha.cluster.timeout", Scope.VERIFIER, "250ms",
            "With a shared store (`ledger.datasource`, `redis.uri`, or a shared client budget): the longest a request waits for what the "
                    + "cluster shares, such as the claim on a token that fails open or a client budget kept in the database. Past it the "
                    + "node decides on its own state and says so (status, metric, one log line per change); see [outages and the "
                    + "ledger](docs/outages-and-ledger.md). The counts' database connections give up a call unanswered after twice it "
                    + "(at least 500ms), so a vanished database host holds no thread. Positive, at most 10s."),
    CLUSTER_START_TIMEOUT("playtcha.cluster.start-timeout", Scope.VERIFIER, "10s",
            "With a shared store: the longest a node's start waits for it, all its parts together, whatever `cluster.timeout`; then it "
                    + "runs on its own state until the store answers ([clusters](docs/cluster.md#when-a-part-fails)). At most 1m."),
    REDIS_URI("playtcha.redis.uri", Scope.VERIFIER, null,
            "A Redis or Valkey server every node reaches, as a URI: `redis://[[user:]password@]host[:port][/database]`, "
                    + "`rediss://` for TLS, like `rediss://playtcha:secret@redis.internal:6380/2` (`PLAYTCHA_REDIS_URI`; the password is "
                    + "never logged); a Redis Cluster by any of its nodes (`redis://node-1:6379,node-2:6379`), a Sentinel group as "
                    + "`redis-sentinel://sentinel-1:26379,sentinel-2:26379/0#mymaster`. It keeps what the nodes share: the fail-open "
                    + "ledger with its token claims, the client budgets and the login failure counts (a `client-budget.cache` still "
                    + "wins for the last two). Needs the module "
                    + "`com.playtcha:playtcha-jakarta-redis`; not together with `ledger.datasource` or `ledger.directory`; see "
                    + "[Redis and Valkey](docs/redis.md). Unset: no Redis."),
    MANAGED_THREADS("playtcha.managed-threads", Scope.VERIFIER, "true",
            "`true`/`1`: where the runtime offers Jakarta Concurrency's default managed scheduled executor "
                    + "(`java:comp/DefaultManagedScheduledExecutorService`: WildFly, Open Liberty, Payara and other Jakarta EE servers), "
                    + "the fail-open ledger's passes, and its calls to listeners and CDI observers, run on it, so they can use "
                    + "`java:comp` names, DataSources and transactions. `false`, or a runtime without one (Tomcat, Jetty): the ledger "
                    + "runs on threads of its own."),
    CLIENT_BUDGET_ENABLED("playtcha.client-budget.enabled", Scope.VERIFIER, "true",
            "`true`/`1`: each client address (the container's `getRemoteAddr()`; IPv6 by its /64, which also spends from budgets "
                    + "of 4x for its /56 and 16x for its /48; any other text by itself) has a budget of verifies, a token bucket; a "
                    + "request over it is refused locally as `client_rate_limited` (429 with `Retry-After`) and Playtcha is not called. "
                    + "Behind a proxy, see \"Behind a proxy or load balancer\"."),
    CLIENT_BUDGET_PER_MINUTE("playtcha.client-budget.per-minute", Scope.VERIFIER, "120",
            "Verifies a client address earns back per minute, up to `burst`. 120 holds a flood from one address to 2 Playtcha "
                    + "calls a second, and leaves a shared NAT room: a person submits a guarded form at most every few seconds, so "
                    + "dozens behind one address (an office, a carrier NAT) fit."),
    CLIENT_BUDGET_BURST("playtcha.client-budget.burst", Scope.VERIFIER, "30",
            "Verifies a client address may make at once, before `per-minute` holds it; a new (or forgotten) address starts with "
                    + "all of them."),
    CLIENT_BUDGET_ADDRESSES("playtcha.client-budget.addresses", Scope.VERIFIER, "100000",
            "Most budgets kept at once (1 to 1,000,000, what a node under a distributed attack sees in a budget's refill window; "
                    + "about 130 bytes each, 13 MB at the default; an IPv6 client takes up to three: its /64, /56 and /48); past it the "
                    + "least recently used is forgotten, and starts again full."),
    CLIENT_BUDGET_CACHE("playtcha.client-budget.cache", Scope.VERIFIER, null,
            "Name of a JCache (JSR-107) cache, like `playtcha-budgets`, that keeps the client budgets for every node of a "
                    + "cluster (Payara's Hazelcast, or any provider): created when missing. Wins over `ledger.datasource`, whose "
                    + "database keeps them otherwise. Needs the module `com.playtcha:playtcha-jakarta-cluster`; see [outages and the "
                    + "ledger](docs/outages-and-ledger.md). Unset: no cache."),
    CLIENT_BUDGET_CACHE_PROVIDER("playtcha.client-budget.cache-provider", Scope.VERIFIER, null,
            "Class name of the JCache `CachingProvider` that holds `client-budget.cache`, like "
                    + "`com.hazelcast.cache.HazelcastCachingProvider`, when the runtime has several. Unset: the runtime's default "
                    + "provider."),
    LOGIN_REQUIRE("playtcha.login.require", Scope.VERIFIER, "always",
            "When a guarded login (a FORM login's post, a `@PlaytchaLogin` mechanism) needs a token: `always`, every attempt; "
                    + "`after-failures`, only while the account tried, the client or the whole application has failed too often "
                    + "(`login.*` below), so most users never see the widget. Counted with the client budgets: cluster-wide when those "
                    + "are shared. Never a lockout: a valid token and the right password always log in. See [login](docs/login.md)."),
    LOGIN_ACCOUNT_FAILURES("playtcha.login.account-failures", Scope.VERIFIER, "3",
            "With `login.require=after-failures`: failed logins of one account name within `failure-window` after which every "
                    + "attempt on it needs a token, from any client (1-100)."),
    LOGIN_CLIENT_FAILURES("playtcha.login.client-failures", Scope.VERIFIER, "10",
            "With `login.require=after-failures`: failed logins from one client address (IPv6 by its /64, and 4x that for its "
                    + "/56 and 16x for its /48) within `failure-window` after which its attempts need a token, whatever account they "
                    + "name (1-100)."),
    LOGIN_ACCOUNT_NAMES("playtcha.login.account-names", Scope.VERIFIER, "folded",
            "How `login.account-failures` tells account names apart: `folded` counts as one every spelling a common realm's "
                    + "comparison may take for one name (case, width, accents and other marks, invisible characters, white space inside; "
                    + "MySQL's `utf8mb4_0900_ai_ci` and `utf8mb4_general_ci`, SQL Server's `_CI_AI`, LDAP's `caseIgnoreMatch`, ...), so "
                    + "an attacker cannot spread guesses over spellings, and folding more than your realm only asks the owner of a "
                    + "similar name for a captcha; `exact` counts the name as sent. Choose `exact` when the realm tells such names apart "
                    + "and lets users choose their own: with `folded`, the failures of a user who owns `ALICE` count against `alice` "
                    + "too. See [login](docs/login.md)."),
    LOGIN_FAILURE_WINDOW("playtcha.login.failure-window", Scope.VERIFIER, "15m",
            "How long a failed login counts against its account and its client: `15m`, `60m` or ISO-8601 (`PT1H`); from 1 minute "
                    + "to 1 day."),
    LOGIN_ATTACK_FAILURES_PER_MINUTE("playtcha.login.attack-failures-per-minute", Scope.VERIFIER, "100",
            "With `login.require=after-failures`: failed logins of the whole application in the last minute above which every "
                    + "attempt needs a token (an attack in progress), until the rate falls back (1-1,000,000)."),
    LOGIN_OUTSIDE_REQUESTS("playtcha.login.outside-requests", Scope.VERIFIER, "false",
            "`true`/`1`: the application checks passwords outside web requests on purpose (a batch job, a message listener), "
                    + "and with `login.require=always` those go on without a token (none can be sent), counted as below. `false`: a "
                    + "guarded password check with no web request bound to its thread (Spring Security's `AuthenticationManager` called "
                    + "on another thread, or before Spring binds the request; a Jakarta Security identity store asked on a thread "
                    + "with no CDI request context) is refused under `always`. Where such a check may go on it is counted on "
                    + "its account and refused at the account's limit (or with no account to count). See [login](docs/login.md)."),
    HEALTH_ENABLED("playtcha.health.enabled", Scope.APPLICATION, "true",
            "`true`/`1`: in CDI applications with MicroProfile Health, a readiness check named `playtcha` reports the verifier "
                    + "(in Spring Boot with Actuator, a health indicator of that name): DOWN only while the verifier cannot be built "
                    + "from its settings; UP otherwise, with any local fault (a wrong secret, a full or unwritable ledger) in its data, "
                    + "and UP while failing open. `false`: no check is registered. See [observability](docs/observability.md)."),
    METRICS_ENABLED("playtcha.metrics.enabled", Scope.VERIFIER, "true",
            "`true`/`1`: where the OpenTelemetry API is on the class path, each verifier records the metrics of "
                    + "[observability](docs/observability.md) (on the application's `OpenTelemetry` bean in CDI, else on "
                    + "`GlobalOpenTelemetry`; in Spring Boot, in Micrometer when it is present). `false`: it records none, as if the API "
                    + "were absent; for a runtime that always brings the API (WildFly, Open Liberty) when these metrics are not wanted."),
    TOKEN_PARAMETER("playtcha.token-parameter", Scope.REQUEST, "playtcha-token",
            "Form field that carries the token."),
    TOKEN_HEADER("playtcha.token-header", Scope.REQUEST, "Playtcha-Token",
            "Header that carries the token (AJAX/JSON clients). Checked before the form field."),
    TOKEN_SEARCH_MAX_HELD("playtcha.token-search.max-held", Scope.REQUEST, "33554432", "Bytes (65536 to 1073741824; 32 MiB) that all "
            + "posts the WebFlux filter reads a token from may hold at once; past it a post is answered `overloaded` (docs/webflux.md)."),
    METHODS("playtcha.methods", Scope.REQUEST, "POST,PUT,PATCH,DELETE",
            "Methods that need a token, comma-separated, any HTTP method name (custom ones too), matched in any case: `POST` "
                    + "also guards `post`. Or `unsafe`: every method except `GET`, `HEAD`, `OPTIONS` and `TRACE` (as spelt); use it for "
                    + "servlets that override `service()`, frameworks that route custom methods, and WebDAV. Other methods pass "
                    + "untouched. Logins do not consult it: a post the container takes for its FORM login, and a `@PlaytchaLogin` login "
                    + "attempt, need a token whatever their method."),
    REJECT_STATUS("playtcha.reject-status", Scope.REQUEST, "403",
            "Status (400-499) answered for a rejected token."),
    URL_PATTERNS("playtcha.url-patterns", Scope.APPLICATION, null,
            "Servlet URL patterns the filter registers itself on, from MicroProfile Config or the context-param "
                    + "`playtcha.url-patterns`; in Spring Boot, from Spring's configuration through the starter "
                    + "`playtcha-jakarta-spring-boot-starter`. Not a filter init-param; where nothing registers the filter from it "
                    + "(Spring Boot without the starter), it fails start-up.");

    private static final String PREFIX = "playtcha.";

    private final String key;
    private final Scope scope;
    private final String defaultValue;
    private final String description;

    Setting(String key, Scope scope, String defaultValue, String description) {
        this.key = key;
        this.scope = scope;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /**
     * What a setting shapes: the scope column of the settings table (docs/configuration.md), which
     * says what each shares between filters.
     */
    public enum Scope {
        /**
         * Builds the verifier (connection, proxy, trust store, breaker, ledger, threads, client budgets,
         * metrics): filters whose verifier settings are equal share one verifier, and a
         * {@code PlaytchaFilter} with any of these as an init-param builds a verifier of its own.
         */
        VERIFIER,
        /** How a request is found and decided (token field and header, methods, modes, reject status): per filter. */
        REQUEST,
        /** Once per application: the filter's URL patterns, the readiness check. */
        APPLICATION;

        /** Lower case, as in the settings table: {@code verifier}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What this setting shapes. */
    public Scope scope() {
        return scope;
    }

    /** Whether a verifier is built from this setting ({@link Scope#VERIFIER}). */
    public boolean buildsVerifier() {
        return scope == Scope.VERIFIER;
    }

    /** The MicroProfile Config key and Java system property, like {@code playtcha.timeout}. */
    public String key() {
        return key;
    }

    /** The web.xml init-param (and context-param) name: the key without {@code playtcha.}. */
    public String initParam() {
        return key.substring(PREFIX.length());
    }

    /** The environment variable, by MicroProfile Config's rule: {@code PLAYTCHA_TIMEOUT}. */
    public String environmentVariable() {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * The default as written in the settings table, or empty when there is none (required or
     * optional): what {@code PlaytchaSettings.builder()} reads for a setting it is not given.
     */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** One line for the settings table of docs/configuration.md. */
    public String description() {
        return description;
    }

    /** Fails naming this key, with the problem and what a valid value looks like, unless {@code valid}. */
    void require(boolean valid, String problem) {
        if (!valid) {
            throw new InvalidSettingException(this, problem);
        }
    }

    void requirePositive(Duration duration) {
        require(duration != null && !duration.isNegative() && !duration.isZero(),
                "must be a positive duration, like 250ms, 3s or PT3S; got " + duration);
    }

    /** A count from 1 to {@code limit}; {@code like} is an example, such as {@code ", like 5"}, or empty. */
    void requireCount(int value, int limit, String like) {
        require(value >= 1 && value <= limit, "must be a whole number from 1 to " + limit + like + "; got " + value);
    }

    /**
     * Whether this on/off setting's text says on, read as {@link PlaytchaSettings.Builder#set} reads
     * it: for a switch needed before, or without, the whole settings, like whether to register a
     * readiness check.
     *
     * @throws InvalidSettingException naming this key when the text is neither on nor off
     * @throws IllegalArgumentException when this is not an on/off setting (whose default is {@code true} or {@code false})
     */
    public boolean isOn(String text) {
        return SettingRules.isOn(this, text);
    }

    /**
     * The items of this list setting's text ({@link #METHODS}, {@link #URL_PATTERNS}), read as
     * {@link PlaytchaSettings.Builder#set} reads it, methods as written (the settings upper-case
     * them): for the URL patterns an initializer registers the filter on before the whole settings.
     *
     * @throws InvalidSettingException naming this key when a URL pattern is not one
     * @throws IllegalArgumentException when this is not a list setting
     */
    public List<String> items(String text) {
        return SettingRules.items(this, text);
    }

    /** The setting with this init-param name, if any. */
    public static Optional<Setting> forInitParam(String name) {
        return Arrays.stream(values()).filter(s -> s.initParam().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return key;
    }
}
