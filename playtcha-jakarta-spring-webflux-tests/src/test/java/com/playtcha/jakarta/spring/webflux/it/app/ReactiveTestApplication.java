package com.playtcha.jakarta.spring.webflux.it.app;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.DecisionEvent;
import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebFlux application that adds the starter and nothing else of Playtcha's: the filter comes from
 * {@code playtcha.url-patterns} (the tests' properties), the verifier and its {@code Mono} from the starter.
 * Its handlers read the body each way an application may (form data, multipart data, the raw body) and echo
 * what they read with the filter's attributes, so that a test sees both.
 */
@SpringBootApplication
public class ReactiveTestApplication {

    private static final String ARRIVED_ON = "test.arrived-on";

    /** Every decision the application's verifier reported to this bean, and the thread it heard it on. */
    @Bean
    Decisions decisions() {
        return new Decisions();
    }

    /** Notes the thread each request arrived on (its connection's event loop), before any other filter: {@link #thread}. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter arrivals() {
        return (exchange, chain) -> {
            exchange.getAttributes().put(ARRIVED_ON, Thread.currentThread().getName());
            return chain.filter(exchange);
        };
    }

    /** A {@link PlaytchaListener} bean: the starter hands it to the verifier it builds. */
    public static final class Decisions implements PlaytchaListener {
        public final List<DecisionEvent> heard = new CopyOnWriteArrayList<>();

        @Override
        public void decided(DecisionEvent event) {
            heard.add(event);
        }
    }

    /** The client's JSON: a subscription with its token. */
    public record Subscription(String email, String token) {
    }

    @RestController
    static class Handlers {

        private final ReactivePlaytchaVerifier playtcha;

        Handlers(ReactivePlaytchaVerifier playtcha) {
            this.playtcha = playtcha;
        }

        @GetMapping(value = "/signup", produces = MediaType.TEXT_HTML_VALUE)
        Mono<String> form() {
            return Mono.just("<form method=post><input name=email><input type=hidden name=playtcha-token></form>");
        }

        @PostMapping({"/signup", "/contact/us", "/unguarded"})
        Mono<String> signup(ServerWebExchange exchange) {
            return exchange.getFormData().map(form -> "email=" + form.getFirst("email") + "\nbody-token="
                    + form.getFirst("playtcha-token") + attributes(exchange) + thread(exchange));
        }

        /** The body itself, whatever its type (WebFlux reads no form through {@code @RequestBody}). */
        @PostMapping("/raw")
        Mono<String> raw(ServerWebExchange exchange) {
            return DataBufferUtils.join(exchange.getRequest().getBody()).map(joined -> {
                byte[] bytes = new byte[joined.readableByteCount()];
                joined.read(bytes);
                DataBufferUtils.release(joined);
                return bytes;
            }).defaultIfEmpty(new byte[0]).map(bytes -> "bytes=" + bytes.length + "\nsha256=" + sha256(bytes) + attributes(exchange));
        }

        @PostMapping("/upload")
        Mono<String> upload(ServerWebExchange exchange) {
            return exchange.getMultipartData().flatMap(parts -> {
                Part file = parts.getFirst("file");
                Part token = parts.getFirst("playtcha-token");
                Flux<DataBuffer> content = file instanceof FilePart filePart ? filePart.content() : Flux.empty();
                return DataBufferUtils.join(content).map(joined -> {
                    int size = joined.readableByteCount();
                    DataBufferUtils.release(joined);
                    return size;
                }).defaultIfEmpty(0).map(size -> "file-bytes=" + size + "\npart-token="
                        + (token instanceof FormFieldPart field ? field.value() : null) + attributes(exchange));
            });
        }

        @PostMapping("/api/newsletter")
        Mono<ResponseEntity<String>> newsletter(@RequestBody Subscription subscription, ServerWebExchange exchange) {
            return playtcha.verify(subscription.token(), exchange).map(v -> v.proceeds()
                    ? ResponseEntity.ok("subscribed " + subscription.email() + "\noutcome=" + v.result().outcome() + thread(exchange))
                    : ResponseEntity.status(v.decision().status()).body("refused: " + v.result().errorCode()));
        }

        /** Blocks its event loop on purpose: the test that shows BlockHound is on. */
        @GetMapping("/block")
        Mono<String> block() throws InterruptedException {
            Thread.sleep(1);
            return Mono.just("not blocked?");
        }
    }

    private static String attributes(ServerWebExchange exchange) {
        return "\noutcome=" + exchange.getAttribute(DecisionAttributes.OUTCOME)
                + "\nerror-code=" + exchange.getAttribute(DecisionAttributes.ERROR_CODE)
                + "\nfailed-open=" + exchange.getAttribute(DecisionAttributes.FAILED_OPEN)
                + "\nledger-id=" + exchange.getAttribute(DecisionAttributes.LEDGER_ID)
                + "\ntoken-spent=" + exchange.getAttribute(DecisionAttributes.TOKEN_SPENT);
    }

    /** The thread the handler runs on, and the one its request arrived on. */
    private static String thread(ServerWebExchange exchange) {
        return "\nthread=" + Thread.currentThread().getName() + "\narrived-on=" + exchange.getAttribute(ARRIVED_ON);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
