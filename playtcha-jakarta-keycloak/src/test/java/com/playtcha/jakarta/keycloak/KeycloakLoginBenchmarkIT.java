package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The login benchmark's figure for Keycloak: what a browser login costs with Keycloak's own "Username Password Form"
 * and with {@code playtcha-login-form} in its place, on one server ({@link SharedKeycloak}), so that the ratio survives a
 * loaded machine (design/keycloak.md, "The login benchmark").
 *
 * <p>Three realms, created through the admin API from {@code src/test/resources/bench} (not imported at the server's
 * start, which every IT run pays for), each with the client {@code app} and one user: {@code bench-stock} (Keycloak's
 * {@code auth-username-password-form}, its default login theme), {@code bench-after-failures} ({@code playtcha-login-form}
 * under {@code after-failures}: a login that needs no token, so no Playtcha call) and {@code bench-always} (under
 * {@code always}: the simulator's token verified over loopback). A login is what a browser does: the authorization URL
 * (the login page) and the form's post with the right password, answered by the redirect with a code; each login is a
 * fresh browser from a client address of its own.
 *
 * <p>The kinds are interleaved login by login (the kind that goes first rotating), after a warm-up; each round's
 * figure of a kind is the median of its logins in that round, and the ratio is the median of the rounds' ratios with
 * the distribution-free interval the project's other paired figures use ({@code benchmarks}' {@code PairedRatio}).
 *
 * <p>Not part of the build: the realms' creation and the first pages of each cost about 25 s on the loaded build
 * machine, more than a smoke test may. {@code -Dkeycloak.bench=true} is the measurement (sizes by
 * {@code -Dkeycloak.bench.warmup}, {@code .rounds}, {@code .logins}), its report printed and written to
 * {@code target/keycloak-login-benchmark.md}; {@code -Dkeycloak.bench=smoke} only checks that each kind logs in (two
 * logins of each, no figure).
 */
@EnabledIfSystemProperty(named = "keycloak.bench", matches = "true|smoke",
        disabledReason = "a benchmark, run on demand: -Dkeycloak.bench=true (docs/keycloak.md, \"What a login costs\")")
@ExtendWith(SharedKeycloak.class)
class KeycloakLoginBenchmarkIT {

    /** The three kinds of login measured, each a realm of {@code src/test/resources/bench}. */
    enum Kind {
        STOCK("bench-stock", "Keycloak's Username Password Form"),
        AFTER_FAILURES("bench-after-failures", "playtcha-login-form, after-failures (no token needed)"),
        ALWAYS("bench-always", "playtcha-login-form, always (a token verified)");

        final String realm;
        final String label;

        Kind(String realm, String label) {
            this.realm = realm;
            this.label = label;
        }
    }

    private static final boolean FULL = "true".equals(System.getProperty("keycloak.bench"));

    private static PlaytchaSimulator playtcha;
    private static KeycloakServer keycloak;
    private static int addresses;

    @BeforeAll
    static void start(SharedKeycloak.Running running) throws Exception {
        playtcha = running.playtcha();
        keycloak = running.keycloak();
        RealmCreator creator = new RealmCreator(keycloak.url());
        for (Kind kind : Kind.values()) {
            creator.create(kind.realm);
        }
    }

    @Test
    void aLoginWithAndWithoutTheExtension() throws Exception {
        int warmup = Integer.getInteger("keycloak.bench.warmup", FULL ? 200 : 0);
        int rounds = Integer.getInteger("keycloak.bench.rounds", FULL ? 9 : 1);
        int logins = Integer.getInteger("keycloak.bench.logins", FULL ? 20 : 2);
        String loadBefore = loadAverage();
        long began = System.nanoTime();
        long cpuBefore = keycloakCpu();

        for (int i = 0; i < warmup; i++) {
            for (Kind kind : order(i)) {
                login(kind);
            }
        }
        Map<Kind, List<Double>> allLogins = new EnumMap<>(Kind.class);
        Map<Kind, List<Double>> allPosts = new EnumMap<>(Kind.class);
        Map<Kind, double[]> roundLogin = new EnumMap<>(Kind.class);
        Map<Kind, double[]> roundPost = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            allLogins.put(kind, new ArrayList<>());
            allPosts.put(kind, new ArrayList<>());
            roundLogin.put(kind, new double[rounds]);
            roundPost.put(kind, new double[rounds]);
        }
        for (int round = 0; round < rounds; round++) {
            Map<Kind, double[]> loginMs = new EnumMap<>(Kind.class);
            Map<Kind, double[]> postMs = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                loginMs.put(kind, new double[logins]);
                postMs.put(kind, new double[logins]);
            }
            for (int i = 0; i < logins; i++) {
                for (Kind kind : order(round * logins + i)) {
                    double[] timed = login(kind);
                    loginMs.get(kind)[i] = timed[0];
                    postMs.get(kind)[i] = timed[1];
                    allLogins.get(kind).add(timed[0]);
                    allPosts.get(kind).add(timed[1]);
                }
            }
            for (Kind kind : Kind.values()) {
                roundLogin.get(kind)[round] = percentile(loginMs.get(kind), 0.5);
                roundPost.get(kind)[round] = percentile(postMs.get(kind), 0.5);
            }
        }
        double wall = (System.nanoTime() - began) / 1e9;
        double cpu = (keycloakCpu() - cpuBefore) / 1e9;
        if (!FULL) {
            return; // the smoke test: every login above logged in (login() asserts it)
        }
        String report = report(warmup, rounds, logins, loadBefore, loadAverage(), wall, cpu, allLogins, allPosts, roundLogin, roundPost);
        System.out.println(report);
        Files.writeString(Path.of(System.getProperty("keycloak.home")).getParent().resolve("keycloak-login-benchmark.md"), report);
    }

    /** The kinds in the order the {@code n}-th login of each goes: rotated, so that none is always first or last. */
    private static List<Kind> order(int n) {
        Kind[] kinds = Kind.values();
        List<Kind> order = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            order.add(kinds[(n + i) % kinds.length]);
        }
        return order;
    }

    /** One login of {@code kind}, asserted to log in: {@code {ms of page and post, ms of the post alone}}. */
    private static double[] login(Kind kind) throws IOException, InterruptedException {
        int n = addresses++;
        Browser browser = new Browser(keycloak.url(), kind.realm, "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
        String token = kind == Kind.ALWAYS ? playtcha.mintToken() : null;
        long start = System.nanoTime();
        Browser.Page page = browser.open();
        long posted = System.nanoTime();
        Browser.Page in = browser.login("walt", "right-walt", token);
        long end = System.nanoTime();
        assertEquals(200, page.status(), kind + ": the login page");
        assertTrue(in.loggedIn(), kind + ": the right password logs in: " + in);
        return new double[] {(end - start) / 1e6, (end - posted) / 1e6};
    }

    private static String report(int warmup, int rounds, int logins, String loadBefore, String loadAfter, double wall,
            double cpu, Map<Kind, List<Double>> allLogins, Map<Kind, List<Double>> allPosts, Map<Kind, double[]> roundLogin,
            Map<Kind, double[]> roundPost) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## Keycloak login benchmark (%s)%n%n", Instant.now()));
        out.append(String.format(Locale.ROOT, "Keycloak %s (on `%s`), %d CPUs, load average before %s, after %s; %d warm-up logins "
                + "of each kind, then %d rounds of %d logins of each kind, interleaved; %.0f s, Keycloak's CPU %.0f s (warm-up included).%n%n",
                Path.of(System.getProperty("keycloak.home")).getFileName().toString().replace("keycloak-", ""),
                System.getProperty("keycloak.java.home"),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, warmup, rounds, logins, wall, cpu));
        out.append("| Login | page and post: median ms | p90 ms | post alone: median ms | p90 ms | ratio to stock, page and post | ratio, post |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Kind kind : Kind.values()) {
            double[] login = allLogins.get(kind).stream().mapToDouble(Double::doubleValue).toArray();
            double[] post = allPosts.get(kind).stream().mapToDouble(Double::doubleValue).toArray();
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %s | %s |%n", kind.label,
                    percentile(login, 0.5), percentile(login, 0.9), percentile(post, 0.5), percentile(post, 0.9),
                    kind == Kind.STOCK ? "1" : Ratio.of(roundLogin.get(kind), roundLogin.get(Kind.STOCK)),
                    kind == Kind.STOCK ? "1" : Ratio.of(roundPost.get(kind), roundPost.get(Kind.STOCK))));
        }
        out.append(String.format(Locale.ROOT, "%nA ratio is the median of the rounds' ratios of medians, with the interval that holds "
                + "the true median with probability %.2f.%n", Ratio.of(roundLogin.get(Kind.STOCK), roundLogin.get(Kind.STOCK)).coverage()));
        return out.toString();
    }

    /** The {@code q}-quantile of {@code values} (nearest rank). */
    static double percentile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /**
     * The median of per-round ratios and its distribution-free interval: with {@code n} ratios sorted, the {@code k}-th
     * smallest and largest hold the median with probability {@code 1 - 2 P(X < k)}, {@code X} binomial(n, 1/2), {@code k}
     * the largest that keeps 0.95 (the method of the benchmarks module's {@code PairedRatio}, which this module cannot
     * depend on; with fewer than six rounds the interval is the range).
     */
    record Ratio(double median, double low, double high, double coverage) {

        static Ratio of(double[] a, double[] b) {
            double[] ratios = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                ratios[i] = b[i] == 0 ? 1 : a[i] / b[i];
            }
            Arrays.sort(ratios);
            int n = ratios.length;
            int k = 1;
            while (k + 1 <= (n + 1) / 2 && coverage(n, k + 1) >= 0.95) {
                k++;
            }
            double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
            return new Ratio(median, ratios[k - 1], ratios[n - k], coverage(n, k));
        }

        static double coverage(int n, int k) {
            double below = 0;
            double term = Math.pow(0.5, n);
            for (int i = 0; i < k; i++) {
                below += term;
                term = term * (n - i) / (i + 1);
            }
            return Math.max(0, 1 - 2 * below);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3f [%.3f-%.3f]", median, low, high);
        }
    }

    /** Keycloak's JVM's CPU time so far, in nanoseconds (its process and descendants; -1 where the OS does not say). */
    private static long keycloakCpu() {
        ProcessHandle self = ProcessHandle.current();
        return self.descendants().map(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .reduce(0L, Long::sum);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Creates a realm from its JSON ({@code src/test/resources/bench}) through the admin API, as the bootstrap admin. */
    private record RealmCreator(URI keycloak) {
        private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

        void create(String realm) throws IOException, InterruptedException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            String json;
            try (InputStream in = KeycloakLoginBenchmarkIT.class.getResourceAsStream("/bench/" + realm + "-realm.json")) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String form = "grant_type=password&client_id=admin-cli&username=" + KeycloakAdmin.USER + "&password="
                    + URLEncoder.encode(KeycloakAdmin.PASSWORD, StandardCharsets.UTF_8);
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(keycloak.resolve("/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofMinutes(1))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher access = ACCESS_TOKEN.matcher(token.body());
            assertTrue(access.find(), "the admin's token: " + token.body());
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(keycloak.resolve("/admin/realms"))
                    .header("Authorization", "Bearer " + access.group(1)).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(created.statusCode() == 201 || created.statusCode() == 409, realm + ": " + created.statusCode() + " " + created.body());
        }
    }
}
