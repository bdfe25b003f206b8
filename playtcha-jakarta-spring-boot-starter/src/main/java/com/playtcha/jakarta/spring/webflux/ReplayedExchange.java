package com.playtcha.jakarta.spring.webflux;

import java.util.List;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Hints;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.multipart.Part;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * The exchange a request goes on with once {@link TokenBody} read part of its body: its request's body is the
 * body as it came ({@link TokenBody#body()}), and its form data and multipart data are read from that body
 * with the application's codecs, as Spring's own exchange reads them from the connection (cached, so asked
 * twice they are read once). A filter or handler after ours reads every byte, by whichever of the three.
 */
final class ReplayedExchange extends ServerWebExchangeDecorator {

    private static final ResolvableType FORM_DATA = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class, String.class);
    private static final ResolvableType MULTIPART_DATA = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class,
            Part.class);

    private final ServerHttpRequest request;
    private final Mono<MultiValueMap<String, String>> form;
    private final Mono<MultiValueMap<String, Part>> parts;

    ReplayedExchange(ServerWebExchange exchange, Flux<DataBuffer> body, ServerCodecConfigurer codecs) {
        super(exchange);
        request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return body;
            }
        };
        MediaType type = request.getHeaders().getContentType();
        form = read(codecs, type, MediaType.APPLICATION_FORM_URLENCODED, FORM_DATA);
        parts = read(codecs, type, MediaType.MULTIPART_FORM_DATA, MULTIPART_DATA);
    }

    @Override
    public ServerHttpRequest getRequest() {
        return request;
    }

    @Override
    public Mono<MultiValueMap<String, String>> getFormData() {
        return form;
    }

    @Override
    public Mono<MultiValueMap<String, Part>> getMultipartData() {
        return parts;
    }

    /** What Spring's exchange reads for {@code kind}: empty for a body of another type, else the codec's, once. */
    @SuppressWarnings("unchecked")
    private <T> Mono<MultiValueMap<String, T>> read(ServerCodecConfigurer codecs, MediaType type, MediaType kind, ResolvableType target) {
        MultiValueMap<String, T> none = CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>(0));
        if (type == null || !type.isCompatibleWith(kind)) {
            return Mono.just(none);
        }
        List<HttpMessageReader<?>> readers = codecs.getReaders();
        for (HttpMessageReader<?> reader : readers) {
            if (reader.canRead(target, kind)) {
                return ((HttpMessageReader<MultiValueMap<String, T>>) reader)
                        .readMono(target, request, Hints.from(Hints.LOG_PREFIX_HINT, getLogPrefix()))
                        .switchIfEmpty(Mono.just(none))
                        .cache();
            }
        }
        return Mono.error(new IllegalStateException("No HttpMessageReader for " + type));
    }
}
