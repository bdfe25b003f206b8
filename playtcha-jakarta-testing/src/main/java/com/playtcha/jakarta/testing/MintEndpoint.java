package com.playtcha.jakarta.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The standalone simulator's token page, on its own port so it is never on the verify path: what
 * the Playtcha widget would hand a browser, on demand, and a switch for the simulated Playtcha's
 * state.
 *
 * <pre>
 * GET  /                    a page with a button for each of the below
 * POST /tokens              a fresh token         (text/plain; {"token": ...} with Accept: application/json)
 * POST /tokens/expired      a token past its five minutes (verify answers 410 token_expired)
 * POST /tokens/redeemed     a token already used          (verify answers 409 already_redeemed)
 * POST /faults/{name}       normal, outage, slow, rate-limited, degraded or hang
 * GET  /faults              the current state's name
 * </pre>
 *
 * <p>No password: it listens on loopback only. A POST that a web page of another origin sends
 * (its {@code Origin} header names another host) is refused, so a site open in the same browser
 * cannot switch the state.
 */
final class MintEndpoint extends Handler.Abstract {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";

    /** The most of a request body read (and dropped): the page itself takes none. */
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final PlaytchaSimulator simulator;
    private volatile SimulatedState state = SimulatedState.NORMAL;

    MintEndpoint(PlaytchaSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        discardBody(request, response);
        String path = Request.getPathInContext(request);
        boolean post = "POST".equals(request.getMethod());
        boolean json = String.valueOf(request.getHeaders().get(HttpHeader.ACCEPT)).contains(JSON);
        if (post && !sameOrigin(request)) {
            send(response, callback, 403, TEXT, "Refused: a page of another origin may not use the token page.\n");
        } else if ("/".equals(path) && !post) {
            send(response, callback, 200, "text/html; charset=utf-8", page());
        } else if ("/faults".equals(path) && !post) {
            send(response, callback, 200, json ? JSON : TEXT, value(json, "state", state.label()));
        } else if (!post && (path.startsWith("/tokens") || path.startsWith("/faults/"))) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            send(response, callback, 405, TEXT, "Use POST.\n");
        } else if (post && path.startsWith("/faults/")) {
            switchState(path.substring("/faults/".length()), json, response, callback);
        } else {
            Optional<String> token = post ? mint(path) : Optional.empty();
            token.ifPresentOrElse(t -> send(response, callback, 200, json ? JSON : TEXT, value(json, "token", t)),
                    () -> send(response, callback, 404, TEXT, "Not here. " + endpoints()));
        }
        return true;
    }

    private Optional<String> mint(String path) {
        return Optional.ofNullable(switch (path) {
            case "/tokens" -> simulator.mintToken();
            case "/tokens/expired" -> simulator.mintExpiredToken();
            case "/tokens/redeemed" -> simulator.mintRedeemedToken();
            default -> null;
        });
    }

    private void switchState(String name, boolean json, Response response, Callback callback) {
        Optional<SimulatedState> next = SimulatedState.named(name);
        if (next.isEmpty()) {
            send(response, callback, 404, TEXT, "No state '" + name + "'. " + endpoints());
            return;
        }
        synchronized (this) {
            next.get().applyTo(simulator);
            state = next.get();
        }
        System.out.println("Playtcha simulator: state " + state.label() + " (" + state.description() + ")");
        send(response, callback, 200, json ? JSON : TEXT, value(json, "state", state.label()));
    }

    /** True unless the request names an origin other than the host it was sent to. */
    private static boolean sameOrigin(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String host = request.getHeaders().get(HttpHeader.HOST);
        return origin == null || origin.equals("http://" + host);
    }

    private static String value(boolean json, String name, String value) {
        // Tokens and state names are URL-safe ASCII: nothing in them needs JSON escaping.
        return json ? "{\"" + name + "\":\"" + value + "\"}" : value + "\n";
    }

    private static String endpoints() {
        return "POST /tokens, /tokens/expired, /tokens/redeemed, /faults/{" + labels(s -> s.label(), ",")
                + "}; GET / for the page.\n";
    }

    private String page() {
        String buttons = labels(s -> "<button type=\"button\" data-state=\"" + s.label() + "\" title=\""
                + escape(s.description()) + "\">" + s.label() + "</button>", "\n");
        return template().replace("{{api-url}}", escape(simulator.url().toString()))
                .replace("{{secret}}", escape(simulator.secret()))
                .replace("{{states}}", buttons);
    }

    private static String labels(Function<SimulatedState, String> each, String separator) {
        return Arrays.stream(SimulatedState.values()).map(each).collect(Collectors.joining(separator));
    }

    private static String template() {
        try (InputStream in = MintEndpoint.class.getResourceAsStream("mint-page.html")) {
            if (in == null) {
                throw new IllegalStateException("mint-page.html is missing from the simulator's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /**
     * Reads what a client sent with its request, and drops it, before answering. Answered with its
     * body unread, a request leaves Jetty closing the connection just after the answer, and a client
     * that keeps connections (the JDK's) sends its next request into the closed one and fails. A body
     * larger than any this page takes is not read: the connection is then closed, and says so.
     */
    private static void discardBody(Request request, Response response) {
        try {
            if (request.getLength() > MAX_BODY_BYTES) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            } else {
                Content.Source.consumeAll(request);
            }
        } catch (IOException e) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    private static void send(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
    }
}
