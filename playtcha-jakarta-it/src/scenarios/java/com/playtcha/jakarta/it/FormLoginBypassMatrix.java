package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every way a client might reach a container's FORM login, tried against one deployed login WAR:
 * each method (GET, HEAD, OPTIONS, POST, PUT, PATCH) on each form of the login path
 * ({@code /j_security_check}, a trailing slash, {@code ;x=1}, {@code ;jsessionid=}, a percent-escape,
 * a dot segment, a double slash, a prefix, upper case), the credentials in the query, an urlencoded
 * body, a multipart body, a text/plain body and an urlencoded body in UTF-16. Every one of those
 * goes without a token; each method and path once more with a junk token and once with a valid one
 * (minted in a batch, in the header or in the form, the body shape rotating), and the plain login
 * post with a valid token, which must log in: else the matrix proves nothing.
 *
 * <p>What must hold, whatever the runtime takes for a login post: without a valid token no login
 * (the protected page does not name the user) and no password check by the realm; Playtcha never
 * called without a token, and at most once per token; every answer a status below 500 (or 501, the
 * container's default servlet saying it has no PATCH) without a stack trace. A valid token may log in or not, as the container decides. Each case starts from a
 * client with no cookies, which first visits the protected page when the runtime's FORM login needs
 * the session that visit opens (Tomcat, Payara).
 *
 * <p>A runtime's login IT builds a {@link Target} and calls {@link #run}: about 380 cases, three or
 * four requests each. The WAR's filter should not limit the client's budget (the matrix spends
 * about 110 verifies from one address).
 */
public final class FormLoginBypassMatrix {

    /** A count read from the runtime (the realm's password checks). */
    @FunctionalInterface
    public interface Count {
        long now() throws Exception;
    }

    /**
     * One deployed login WAR.
     *
     * @param app          the WAR's root
     * @param user         the realm's user
     * @param password     that user's password
     * @param whoami       the protected page, relative to the root
     * @param loggedIn     what {@code whoami} answers, among other text, once {@code user} is logged in
     * @param visitFirst   whether a case first visits {@code whoami} to open the session the login needs
     * @param realmCalls   the realm's password checks so far
     * @param perCase      whether to read {@code realmCalls} around each case; otherwise (a costly count) it
     *                     is read around all the cases without a valid token, which run before the others
     */
    public record Target(URL app, String user, String password, String whoami, String loggedIn, boolean visitFirst,
            Count realmCalls, boolean perCase) {
    }

    /** The realm's calls of a case when they are counted for all the cases together. */
    private static final long NOT_COUNTED = -1;

    static final List<String> METHODS = List.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH");

    /** Path forms, relative to the WAR's root; {@value #SESSION} is replaced by the case's session id. */
    static final List<String> PATHS = List.of("j_security_check", "j_security_check/", "j_security_check;x=1",
            "j_security_check;jsessionid=" + FormLoginBypassMatrix.SESSION, "%6A_security_check",
            "x/../j_security_check", "/j_security_check", "sub/j_security_check", "J_SECURITY_CHECK");

    private static final String SESSION = "{session}";
    /** What a container's default servlet answers a method it does not implement (PATCH), a clear answer. */
    private static final int NOT_IMPLEMENTED = 501;
    private static final String TOKEN_HEADER = "Playtcha-Token";
    private static final String TOKEN_FIELD = "playtcha-token";
    private static final String BOUNDARY = "matrixBoundary7MA4YWxkTrZu0gW";
    /** A stack frame ({@code at a.b.C.m(C.java:12)}); an exception's name alone is no trace (Liberty's 404 page names one). */
    private static final Pattern STACK_TRACE = Pattern.compile("\\bat [\\w$]+(\\.[\\w$]+)+\\(|\\.java:\\d+\\)");

    /** Where the credentials (and a token in the form) travel. */
    enum Shape {
        QUERY, URLENCODED, MULTIPART, TEXT_PLAIN, URLENCODED_UTF16
    }

    /** Which token the case carries, and where. */
    enum Token {
        NONE, JUNK_FIELD, JUNK_HEADER, VALID_FIELD, VALID_HEADER;

        boolean valid() {
            return this == VALID_FIELD || this == VALID_HEADER;
        }

        boolean inHeader() {
            return this == JUNK_HEADER || this == VALID_HEADER;
        }
    }

    record Case(String method, String path, Shape shape, Token token) {
        @Override
        public String toString() {
            return method + " " + path + " " + shape + " " + token;
        }
    }

    /** What one case saw. */
    record Outcome(Case tried, String token, int status, boolean loggedIn, long realmCalls, int playtchaCalls,
            boolean stackTrace, String answer) {

        String line() {
            return String.format("%-7s %-40s %-16s %-12s -> %d login=%s realm=%d playtcha=%d%s", tried.method(),
                    tried.path(), tried.shape(), tried.token(), status, loggedIn, realmCalls, playtchaCalls,
                    stackTrace ? " STACK TRACE" : "");
        }
    }

    private final Target target;
    private final PlaytchaSimulator simulator;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private FormLoginBypassMatrix(Target target, PlaytchaSimulator simulator) {
        this.target = target;
        this.simulator = simulator;
    }

    /**
     * Runs every case against {@code target}, prints one line per case, and fails listing every case
     * that broke a rule.
     */
    public static void run(Target target, PlaytchaSimulator simulator) throws Exception {
        new FormLoginBypassMatrix(target, simulator).runAll();
    }

    /**
     * The cases: the plain login with a valid token first, then every method x path x shape without a
     * token and each method x path with a junk one, then each method x path with a valid one.
     */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("POST", "j_security_check", Shape.URLENCODED, Token.VALID_FIELD));
        List<Case> valid = new ArrayList<>();
        Shape[] shapes = Shape.values();
        for (int m = 0; m < METHODS.size(); m++) {
            for (int p = 0; p < PATHS.size(); p++) {
                for (Shape shape : shapes) {
                    cases.add(new Case(METHODS.get(m), PATHS.get(p), shape, Token.NONE));
                }
                int turn = m + p;
                cases.add(new Case(METHODS.get(m), PATHS.get(p), shapes[turn % shapes.length],
                        turn % 2 == 0 ? Token.JUNK_FIELD : Token.JUNK_HEADER));
                valid.add(new Case(METHODS.get(m), PATHS.get(p), shapes[(turn + 2) % shapes.length],
                        turn % 2 == 0 ? Token.VALID_HEADER : Token.VALID_FIELD));
            }
        }
        cases.addAll(valid);
        return cases;
    }

    private void runAll() throws Exception {
        List<Case> cases = cases();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Token kind = cases.get(i).token();
            tokens.add(kind == Token.NONE ? null
                    : kind.valid() ? simulator.mintToken() : "ptk_default_junk" + Integer.toHexString(0x10000 + i));
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        outcomes.add(attempt(cases.get(0), tokens.get(0)));
        long realm = target.realmCalls().now();
        int withoutValid = 1;
        while (withoutValid < cases.size() && !cases.get(withoutValid).token().valid()) {
            outcomes.add(attempt(cases.get(withoutValid), tokens.get(withoutValid)));
            withoutValid++;
        }
        long checked = target.realmCalls().now() - realm;
        if (checked != 0) {
            broken.add("the realm checked " + checked + " password(s) during the " + (withoutValid - 1)
                    + " cases without a valid token");
        }
        for (int i = withoutValid; i < cases.size(); i++) {
            outcomes.add(attempt(cases.get(i), tokens.get(i)));
        }
        System.out.println("FormLoginBypassMatrix on " + target.app() + " (" + outcomes.size() + " cases)\n"
                + outcomes.stream().map(Outcome::line).collect(Collectors.joining("\n")));
        Outcome plain = outcomes.get(0);
        if (!plain.loggedIn() || plain.realmCalls() > 1) {
            broken.add("the plain login with a valid token must log in, asking the realm at most once: " + plain.line()
                    + "\n" + plain.answer());
        }
        for (Outcome outcome : outcomes) {
            broken.addAll(broken(outcome));
        }
        assertTrue(broken.isEmpty(), () -> broken.size() + " broken rule(s) in " + outcomes.size() + " cases:\n"
                + String.join("\n", broken));
    }

    private static List<String> broken(Outcome seen) {
        List<String> rules = new ArrayList<>();
        Token token = seen.tried().token();
        if (!token.valid() && seen.loggedIn()) {
            rules.add("logged in without a valid token: " + seen.line());
        }
        if (!token.valid() && seen.realmCalls() != 0 && seen.realmCalls() != NOT_COUNTED) {
            rules.add("the realm checked a password without a valid token: " + seen.line());
        }
        if (token == Token.NONE && seen.playtchaCalls() != 0) {
            rules.add("Playtcha called without a token: " + seen.line());
        }
        if (seen.playtchaCalls() > 1) {
            rules.add("Playtcha called more than once for one token: " + seen.line());
        }
        if ((seen.status() >= 500 && seen.status() != NOT_IMPLEMENTED) || seen.status() < 100) {
            rules.add("no clear status: " + seen.line() + "\n" + abbreviated(seen.answer()));
        }
        if (seen.stackTrace()) {
            rules.add("a stack trace in the answer: " + seen.line() + "\n" + abbreviated(seen.answer()));
        }
        return rules;
    }

    private Outcome attempt(Case tried, String token) throws Exception {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (target.visitFirst()) {
            send(HttpRequest.newBuilder(resolve(target.whoami())).GET(), cookies);
        }
        long realm = target.perCase() ? target.realmCalls().now() : NOT_COUNTED;
        int playtcha = token == null ? simulator.callCount() : simulator.callCount(token);
        HttpResponse<String> answer = send(request(tried, token, cookies.getOrDefault("JSESSIONID", "0")), cookies);
        long realmAfter = target.perCase() ? target.realmCalls().now() : 0;
        int playtchaAfter = token == null ? simulator.callCount() : simulator.callCount(token);
        String page = send(HttpRequest.newBuilder(resolve(target.whoami())).GET(), cookies).body();
        boolean loggedIn = page.contains(target.loggedIn());
        String body = answer.body() == null ? "" : answer.body();
        return new Outcome(tried, token, answer.statusCode(), loggedIn,
                target.perCase() ? realmAfter - realm : NOT_COUNTED, playtchaAfter - playtcha,
                STACK_TRACE.matcher(body).find(), answer.statusCode() + " " + answer.headers().map() + "\n" + body);
    }

    private HttpRequest.Builder request(Case tried, String token, String session) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("j_username", target.user());
        form.put("j_password", target.password());
        if (token != null && !tried.token().inHeader()) {
            form.put(TOKEN_FIELD, token);
        }
        String path = tried.path().replace(SESSION, session);
        String query = tried.shape() == Shape.QUERY ? "?" + urlencoded(form) : "";
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path + query)).header("Accept", Http.HTML);
        if (token != null && tried.token().inHeader()) {
            request.header(TOKEN_HEADER, token);
        }
        String contentType;
        byte[] body;
        switch (tried.shape()) {
            case QUERY -> {
                contentType = null;
                body = null;
            }
            case URLENCODED -> {
                contentType = "application/x-www-form-urlencoded";
                body = urlencoded(form).getBytes(StandardCharsets.UTF_8);
            }
            case URLENCODED_UTF16 -> {
                contentType = "application/x-www-form-urlencoded; charset=UTF-16";
                body = urlencoded(form).getBytes(StandardCharsets.UTF_16);
            }
            case MULTIPART -> {
                contentType = "multipart/form-data; boundary=" + BOUNDARY;
                body = multipart(form).getBytes(StandardCharsets.UTF_8);
            }
            case TEXT_PLAIN -> {
                contentType = "text/plain;charset=UTF-8";
                body = form.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\r\n")
                        .collect(Collectors.joining()).getBytes(StandardCharsets.UTF_8);
            }
            default -> throw new IllegalArgumentException(tried.shape().name());
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.method(tried.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static String urlencoded(Map<String, String> form) {
        return form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String multipart(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append("--").append(BOUNDARY).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        return body.append("--").append(BOUNDARY).append("--\r\n").toString();
    }

    /** {@code path} under the WAR's root, as written: escapes, dot segments and double slashes stay. */
    private URI resolve(String path) {
        String root = target.app().toString().endsWith("/") ? target.app().toString() : target.app() + "/";
        return URI.create(root + path);
    }

    /** Sends with the case's cookies, and keeps those the answer sets. */
    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies)
            throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return response;
    }

    private static String abbreviated(String answer) {
        return answer.length() <= 1500 ? answer : answer.substring(0, 1500) + "...";
    }
}
