package com.playtcha.jakarta.spring.webflux;

import com.playtcha.jakarta.spi.web.GuardedRequest;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.web.server.ServerWebExchange;

/**
 * A WebFlux exchange as the web guard reads it: its attributes are the exchange's (the guard's
 * {@code com.playtcha.*} attributes go there), its headers the request's, the client's address the one the
 * server saw (or, behind a proxy, what Spring's {@code ForwardedHeaderTransformer} made of the forwarding
 * headers: {@code server.forward-headers-strategy=framework}), and its token the one read before (by
 * {@link PlaytchaWebFilter}, or the reactive login guard), so that {@link #token()} never waits.
 */
public final class GuardedExchange implements GuardedRequest {

    private final ServerWebExchange exchange;
    private final String token;

    /** {@code exchange}, whose token, read before, is {@code token} ({@code null}: none). */
    public GuardedExchange(ServerWebExchange exchange, String token) {
        this.exchange = exchange;
        this.token = token;
    }

    @Override
    public Object attribute(String name) {
        return exchange.getAttributes().get(name);
    }

    @Override
    public void attribute(String name, Object value) {
        if (value == null) {
            exchange.getAttributes().remove(name);
        } else {
            exchange.getAttributes().put(name, value);
        }
    }

    /** Read through {@code getValuesAsList}: Spring 7's {@code HttpHeaders} is no map, and its {@code get} is not 6's. */
    @Override
    public String header(String name) {
        List<String> values = exchange.getRequest().getHeaders().getValuesAsList(name);
        return values.isEmpty() ? null : String.join(",", values);
    }

    @Override
    public String rawPath() {
        return exchange.getRequest().getURI().getRawPath();
    }

    @Override
    public String clientAddress() {
        return address(exchange);
    }

    /** The address of {@code exchange}'s client as the server saw it (its literal), or {@code null} where it does not say. */
    public static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    @Override
    public String token() {
        return token;
    }
}
