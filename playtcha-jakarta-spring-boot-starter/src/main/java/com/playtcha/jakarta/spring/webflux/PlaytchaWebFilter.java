package com.playtcha.jakarta.spring.webflux;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.servlet.multipart.MultipartField;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.web.Rejection;
import com.playtcha.jakarta.spi.web.WebDecision;
import com.playtcha.jakarta.spi.web.WebGuard;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Guards a WebFlux application's form posts as {@code PlaytchaFilter} guards a servlet application's: the
 * requests whose path is one of {@code playtcha.url-patterns} (servlet patterns: {@code /signup},
 * {@code /contact/*}, {@code *.do}) and whose method is one of {@code playtcha.methods} (any case) are
 * verified, and go on only when the decision says so, with the {@link DecisionAttributes} on the exchange
 * ({@code exchange.getAttribute(DecisionAttributes.OUTCOME)}); others pass untouched. The Spring Boot starter
 * registers it (bean {@code playtchaWebFilter}) in a reactive web application with {@code playtcha.url-patterns}.
 *
 * <pre>{@code
 * playtcha.url-patterns=/signup,/contact/*
 * }</pre>
 *
 * <p>The token is read from the header {@code playtcha.token-header} first, else from the form field
 * {@code playtcha.token-parameter} of an {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data} body, never from a JSON body nor the query string. Reading a body never blocks
 * and never takes it from the application: at most 1 MiB of it is read, for at most 10 s, and the application
 * reads it whole afterwards, by {@code getFormData()}, {@code getMultipartData()} or the body itself; a token
 * past either bound counts as absent. What all the posts being read hold together is bounded too, by
 * {@code playtcha.token-search.max-held} (32 MiB): a guarded post that finds the bound reached is answered at once as
 * an {@code overloaded} verify is (503, {@code Retry-After: 1}, in both fail modes), its body unread. The verify is the
 * verifier's non-blocking one
 * ({@link PlaytchaVerifier#verifyAsync(String, String, String, Policy)}); when the verify had to ask Playtcha the
 * request goes on on its connection's event loop ({@link ExchangeLoop}), never on the verifier's own threads.
 *
 * <p>A refusal is answered as the servlet filter answers it: a client preferring JSON gets the envelope
 * {@code {"error":{"code":...}}} with the status, {@code Cache-Control: no-store} and any {@code Retry-After};
 * others get a {@link ResponseStatusException} of the status, which Spring Boot's error handling renders as
 * the application's error page (or its error JSON), the {@code Retry-After} kept. Ordered at {@link #ORDER},
 * before Spring Security's filters, so that every filter after it reads the body it replays. The guide:
 * docs/webflux.md.
 */
public final class PlaytchaWebFilter implements WebFilter, Ordered {

    /** Early: before any filter that reads the form (Spring Security's CSRF filter, the hidden-method filter). */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final System.Logger LOG = System.getLogger(PlaytchaWebFilter.class.getName());
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/form-data";
    /** The least {@code playtcha.token-search.max-held}: a few posts' first buffers. */
    public static final long MIN_HELD = 64 * 1024;
    /** The most {@code playtcha.token-search.max-held}: 1 GiB. */
    public static final long MAX_HELD = 1024 * 1024 * 1024;

    private final PlaytchaSettings settings;
    private final UrlPatterns patterns;
    private final WebGuard guard;
    private final ServerCodecConfigurer codecs;
    /**
     * The lines any client writes with one request, each at most once per 10 s with the count since (the others at
     * DEBUG): observe mode's note, and a body not read for its Content-Type, its boundary or its charset.
     */
    private final LogThrottle observed = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle malformedType = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle noBoundary = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle unknownCharset = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle overBound = new LogThrottle(10, TimeUnit.SECONDS);
    private final Policy policy;
    private final HeldBytes held;
    /** Whether a form POST here stands for a method its form names: it is then guarded as that method would be. */
    private final boolean formsNameMethods;

    /**
     * A filter on {@code settings}' patterns and methods, verifying with {@code verifier}'s verifier (asked for at
     * the first verify) under {@code settings}' policy, reading forms with {@code codecs} (the application's).
     */
    public PlaytchaWebFilter(PlaytchaSettings settings, Supplier<PlaytchaVerifier> verifier, ServerCodecConfigurer codecs) {
        this(settings, verifier, codecs, false);
    }

    /**
     * As {@link #PlaytchaWebFilter(PlaytchaSettings, Supplier, ServerCodecConfigurer)}; with {@code formsNameMethods}
     * (Spring's {@code HiddenHttpMethodFilter} runs after this filter, as {@code spring.webflux.hiddenmethod.filter.enabled}
     * makes it), a form {@code POST} may stand for the {@code PUT}, {@code PATCH} or {@code DELETE} its {@code _method}
     * field names, which this filter, running first, does not see: such a post needs a token whenever one of those three
     * does, though {@code POST} is not among {@code playtcha.methods}.
     */
    public PlaytchaWebFilter(PlaytchaSettings settings, Supplier<PlaytchaVerifier> verifier, ServerCodecConfigurer codecs,
            boolean formsNameMethods) {
        this(settings, verifier, codecs, formsNameMethods, Long.parseLong(Setting.TOKEN_SEARCH_MAX_HELD.defaultValue().orElseThrow()));
    }

    /**
     * As {@link #PlaytchaWebFilter(PlaytchaSettings, Supplier, ServerCodecConfigurer, boolean)}, the posts it reads a token
     * from holding at most {@code maxHeld} bytes together ({@code playtcha.token-search.max-held}, which the starter reads).
     *
     * @throws InvalidSettingException naming {@code playtcha.token-search.max-held} when {@code maxHeld} is not from
     *                                 {@value #MIN_HELD} to {@value #MAX_HELD}
     */
    public PlaytchaWebFilter(PlaytchaSettings settings, Supplier<PlaytchaVerifier> verifier, ServerCodecConfigurer codecs,
            boolean formsNameMethods, long maxHeld) {
        if (maxHeld < MIN_HELD || maxHeld > MAX_HELD) {
            throw new InvalidSettingException(Setting.TOKEN_SEARCH_MAX_HELD, "must be a whole number of bytes from " + MIN_HELD
                    + " to " + MAX_HELD + ", like 33554432 (32 MiB); got " + maxHeld);
        }
        this.settings = settings;
        this.patterns = new UrlPatterns(settings.urlPatterns());
        this.policy = Policy.of(settings);
        this.guard = new WebGuard("PlaytchaWebFilter", policy, verifier);
        this.codecs = codecs;
        this.formsNameMethods = formsNameMethods;
        this.held = new HeldBytes(maxHeld);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!guards(request) || !patterns.matches(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        String header = request.getHeaders().getFirst(settings.tokenHeader());
        if (header != null && !header.isBlank()) {
            return decide(exchange, header, chain);
        }
        TokenBody.Finder finder = finder(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
        if (finder == null) {
            return decide(exchange, null, chain);
        }
        if (held.full()) {
            return overBound(exchange, chain);
        }
        TokenBody body = TokenBody.read(request.getBody(), finder, TokenBody.WAIT, ExchangeLoop.of(exchange), held);
        ServerWebExchange replayed = new ReplayedExchange(exchange, body.body(), codecs);
        return body.token().flatMap(read -> read.overBound() ? overBound(replayed, chain) : decide(replayed, read.token(), chain))
                .doFinally(signal -> body.close());
    }

    /**
     * The answer to a post that found the bytes held by the posts being read at their bound: an {@code overloaded} verify's
     * (our own load, as a busy pool is: 503 with {@code Retry-After: 1} whatever the fail mode; the token not spent), decided
     * and published as any, without asking the verifier. In observe mode it goes on, its body as it came.
     */
    private Mono<Void> overBound(ServerWebExchange exchange, WebFilterChain chain) {
        long heldNow = held.held(); // now, not when the line is written
        log(overBound, Level.WARNING, since -> "Guarded post answered overloaded: the posts being read for a token hold their bound [held="
                + heldNow + ", max_held=" + held.max() + ", setting=" + Setting.TOKEN_SEARCH_MAX_HELD.key() + count(since) + "]");
        VerificationResult result = VerificationResult.Unavailable.unanswered(VerificationResult.Source.POOL,
                VerificationResult.OVERLOADED, "the posts being read for a token hold " + Setting.TOKEN_SEARCH_MAX_HELD.key());
        Decision decision = Decision.of(result, policy);
        GuardedExchange guarded = new GuardedExchange(exchange, null);
        guard.publish(guarded, result, decision, false);
        return decision.proceeds() ? chain.filter(exchange)
                : reject(exchange, Rejection.of(result, decision, guarded.header(HttpHeaders.ACCEPT)));
    }

    /** Whether {@code request}'s method needs a token here, or the method its form may name ({@link #formsNameMethods}). */
    private boolean guards(ServerHttpRequest request) {
        String method = request.getMethod().name();
        if (settings.guards(method)) {
            return true;
        }
        String type = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        return formsNameMethods && method.equals("POST") && type != null && type.regionMatches(true, 0, FORM, 0, FORM.length())
                && (settings.guards("PUT") || settings.guards("PATCH") || settings.guards("DELETE"));
    }

    private Mono<Void> decide(ServerWebExchange exchange, String token, WebFilterChain chain) {
        CompletableFuture<WebDecision> stage;
        try {
            stage = guard.decideAsync(new GuardedExchange(exchange, token)).toCompletableFuture();
        } catch (IOException unread) { // the token was read before: nothing reads here
            return Mono.error(unread);
        }
        // Decided at once (no token, a token in flight): go on here. Else the verifier's thread answered: back to the loop.
        return ExchangeLoop.answered(stage, exchange).flatMap(decision -> {
            if (decision.observeNote() != null) {
                log(observed, decision.observeNote()::line);
            }
            return decision.proceeds() ? chain.filter(exchange) : reject(exchange, decision.rejection());
        });
    }

    /**
     * The answer to a refused request, the filter's and a refused reactive login's: its headers, and the JSON envelope with
     * its status for a client that prefers JSON, else a {@code ResponseStatusException} of the status for Spring Boot's
     * error handling.
     */
    public static Mono<Void> reject(ServerWebExchange exchange, Rejection rejection) {
        ServerHttpResponse response = exchange.getResponse();
        rejection.headers().forEach(response.getHeaders()::set);
        String json = rejection.json();
        if (json == null) {
            return Mono.error(new ResponseStatusException(HttpStatusCode.valueOf(rejection.status())));
        }
        response.setStatusCode(HttpStatusCode.valueOf(rejection.status()));
        response.getHeaders().set(HttpHeaders.CONTENT_TYPE, Rejection.JSON_TYPE);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * What finds the token in a body of {@code contentType}, or {@code null}: a body the filter does not read, a
     * {@code Content-Type} Spring cannot parse among them (its form reader would find no form in it either).
     */
    private TokenBody.Finder finder(String contentType) {
        if (contentType == null) {
            return null;
        }
        try {
            MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException malformed) {
            log(malformedType, since -> "Body not read: its Content-Type is malformed [content_type=" + printable(contentType)
                    + count(since) + "]");
            return null;
        }
        if (contentType.regionMatches(true, 0, MULTIPART, 0, MULTIPART.length())) {
            MultipartField field = MultipartField.of(contentType, settings.tokenParameter());
            if (field == null) {
                log(noBoundary, since -> "Multipart body not read: its Content-Type has no single valid boundary [content_type="
                        + printable(contentType) + ", field=" + settings.tokenParameter() + count(since) + "]");
                return null;
            }
            return new MultipartFinder(field);
        }
        if (!contentType.regionMatches(true, 0, FORM, 0, FORM.length())) {
            return null;
        }
        String charsetName = parameter(contentType, "charset");
        Charset charset = charsetName == null ? null : MultipartField.charset(charsetName);
        FormField field = charsetName != null && charset == null ? null : FormField.of(settings.tokenParameter(), charset);
        if (field == null) {
            log(unknownCharset, since -> "Form body not read: its charset is not one this JVM knows, or not ASCII-compatible "
                    + "[content_type=" + printable(contentType) + ", field=" + settings.tokenParameter() + count(since) + "]");
        }
        return field;
    }

    /** The value of {@code name} among a header's parameters ({@code ; name=value}), or {@code null}. */
    private static String parameter(String header, String name) {
        for (String part : header.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0 && part.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return part.substring(equals + 1).trim();
            }
        }
        return null;
    }

    private static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /**
     * The line {@code throttle} counts, at INFO with the count since the last when one is due, else at DEBUG (none
     * made where DEBUG is off); logged off the event loop: a log line may be written to a file or a console, which blocks.
     */
    private static void log(LogThrottle throttle, LongFunction<String> line) {
        log(throttle, Level.INFO, line);
    }

    /** As {@link #log(LogThrottle, LongFunction)}, a line that is due written at {@code due}. */
    private static void log(LogThrottle throttle, Level due, LongFunction<String> line) {
        long since = throttle.count(System.nanoTime());
        if (since > 0 || LOG.isLoggable(Level.DEBUG)) {
            Level level = since > 0 ? due : Level.DEBUG;
            Schedulers.boundedElastic().schedule(() -> LOG.log(level, line.apply(since)));
        }
    }

    /** The count in a line's brackets: none in a DEBUG line. */
    private static String count(long since) {
        return since > 0 ? ", count=" + since : "";
    }

    /** The multipart reader as a {@link TokenBody.Finder}. */
    private record MultipartFinder(MultipartField field) implements TokenBody.Finder {
        @Override public boolean wants() { return field.wants(); }
        @Override public void feed(ByteBuffer buffer) { field.feed(buffer); }
        @Override public void end() { field.end(); }
        @Override public String token() { return field.token(); }
        @Override public ByteBuffer taken() { return field.taken(); }
    }
}
