package com.playtcha.jakarta.spring.webflux.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spring.testkit.BlockingCalls;
import com.playtcha.jakarta.spring.webflux.PlaytchaWebFilter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.filter.reactive.HiddenHttpMethodFilter;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring's hidden-method filter runs after the Playtcha filter and turns a form {@code POST} into the {@code PUT},
 * {@code PATCH} or {@code DELETE} its {@code _method} field names. With {@code POST} not among {@code playtcha.methods}
 * and {@code PUT} among them, such a post reached a {@code PUT} handler with no token (found by an independent check of
 * a WebFlux application with {@code spring.webflux.hiddenmethod.filter.enabled=true}). The filter in front of Spring's
 * own, as the starter orders them; no token is sent, so Playtcha is never asked. The
 * exchanges are Spring's mock ones, as a {@code WebTestClient} bound to an application sends: the filter once answered
 * them with an {@code IllegalStateException} (no native request) where Reactor Netty is on the class path.
 */
@ExtendWith(BlockingCalls.class)
class HiddenMethodTest {

    private static final PlaytchaSettings SETTINGS = PlaytchaSettings.builder("sk_test_0123456789abcdef")
            .methods(Set.of("PUT", "DELETE")).urlPatterns(List.of("/put-only")).build();
    private static PlaytchaVerifier verifier;

    @BeforeAll
    static void verifier() {
        verifier = PlaytchaVerifier.create(SETTINGS); // a post with no token is refused before Playtcha is asked
    }

    @AfterAll
    static void close() {
        verifier.close();
    }

    @Test
    void aFormPostNamingPut_needsAToken_whereTheHiddenMethodFilterIsOn() {
        AtomicReference<String> reached = new AtomicReference<>();

        Throwable refused = run(true, form("_method=PUT&name=ada"), reached);

        assertTrue(refused instanceof ResponseStatusException status && status.getStatusCode().value() == 403, String.valueOf(refused));
        assertEquals(null, reached.get(), "the PUT handler was not reached");
    }

    @Test
    void aPostThatIsNoForm_staysUnguarded_evenWithTheHiddenMethodFilter() {
        AtomicReference<String> reached = new AtomicReference<>();

        Throwable refused = run(true, MockServerHttpRequest.post("/put-only").contentType(MediaType.APPLICATION_JSON)
                .body("{\"_method\":\"PUT\"}"), reached);

        assertEquals(null, refused);
        assertEquals("POST", reached.get(), "Spring's filter changes only form posts");
    }

    @Test
    void withoutTheHiddenMethodFilter_aFormPostIsAPost() {
        AtomicReference<String> reached = new AtomicReference<>();

        Throwable refused = run(false, form("_method=PUT"), reached);

        assertEquals(null, refused);
        assertEquals("POST", reached.get());
        assertFalse(SETTINGS.guards("POST"));
    }

    private static MockServerHttpRequest form(String body) {
        return MockServerHttpRequest.post("/put-only").contentType(MediaType.APPLICATION_FORM_URLENCODED).body(body);
    }

    /** {@code request} through the Playtcha filter, then Spring's hidden-method filter; what the handler saw into {@code reached}. */
    private static Throwable run(boolean hiddenMethods, MockServerHttpRequest request, AtomicReference<String> reached) {
        PlaytchaWebFilter playtcha = new PlaytchaWebFilter(SETTINGS, () -> verifier, ServerCodecConfigurer.create(),
                hiddenMethods);
        HiddenHttpMethodFilter spring = new HiddenHttpMethodFilter();
        ServerWebExchange exchange = MockServerWebExchange.from(request);
        Mono<Void> handled = playtcha.filter(exchange, afterPlaytcha -> hiddenMethods
                ? spring.filter(afterPlaytcha, handler -> Mono.fromRunnable(() -> reached.set(handler.getRequest().getMethod().name())))
                : Mono.fromRunnable(() -> reached.set(afterPlaytcha.getRequest().getMethod().name())));
        try {
            handled.block(Duration.ofSeconds(30));
            return null;
        } catch (ResponseStatusException e) {
            return e;
        }
    }
}
