package com.playtcha.jakarta.quarkus;

import com.playtcha.jakarta.spi.web.GuardedRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * A Quarkus HTTP request as the login policy reads it: its attributes are the routing context's data, its token
 * the {@code playtcha.token-header} header or, when a mechanism parsed the form (the form login's post), the one
 * {@code playtcha.token-parameter} field. A field sent twice is no token: the check is decided as one that carries
 * none, and the policy's refusal says so.
 */
final class RoutedRequest implements GuardedRequest {

    private final RoutingContext context;
    private final String tokenHeader;
    private final String tokenField;

    RoutedRequest(RoutingContext context, String tokenHeader, String tokenField) {
        this.context = context;
        this.tokenHeader = tokenHeader;
        this.tokenField = tokenField;
    }

    @Override
    public Object attribute(String name) {
        return context.get(name);
    }

    @Override
    public void attribute(String name, Object value) {
        if (value == null) {
            context.remove(name);
        } else {
            context.put(name, value);
        }
    }

    @Override
    public String header(String name) {
        List<String> all = context.request().headers().getAll(name);
        return all.isEmpty() ? null : String.join(",", all);
    }

    @Override
    public String rawPath() {
        return context.request().path();
    }

    @Override
    public String clientAddress() {
        HttpServerRequest request = context.request();
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    @Override
    public String token() {
        String header = header(tokenHeader);
        if (header != null) {
            return header;
        }
        List<String> fields = context.request().formAttributes().getAll(tokenField);
        return fields.size() == 1 ? fields.get(0) : null;
    }
}
