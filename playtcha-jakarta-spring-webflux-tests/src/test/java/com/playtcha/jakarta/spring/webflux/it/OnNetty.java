package com.playtcha.jakarta.spring.webflux.it;

import com.playtcha.jakarta.spring.webflux.it.app.ReactiveTestApplication;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The test application on Netty on a random port, against one simulator for the whole run (so that every test
 * class shares one application context), with BlockHound on ({@link BlockingCalls}). The filter guards
 * {@code /signup}, {@code /raw}, {@code /upload} and {@code /contact/*}.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "playtcha.url-patterns=/signup,/raw,/upload,/contact/*", "playtcha.timeout=5s",
        "management.endpoint.health.show-details=always", "management.endpoints.web.exposure.include=health"})
@ExtendWith({OnNetty.Simulator.class, BlockingCalls.class})
abstract class OnNetty {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String JSON = "application/json";
    static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";
    static final String FORM = "application/x-www-form-urlencoded";

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void playtcha(DynamicPropertyRegistry properties) {
        properties.add("playtcha.api-url", () -> Simulator.get().url().toString());
        properties.add("playtcha.secret", () -> Simulator.get().secret());
    }

    static PlaytchaSimulator sim() {
        return Simulator.get();
    }

    @BeforeEach
    void resetTheSimulator() {
        sim().reset();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A POST of {@code body} as {@code contentType}, accepting {@code accept}, with these headers too. */
    HttpResponse<String> post(String path, String contentType, String body, String accept, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType).header("Accept", accept);
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form post: {@code email} and, unless {@code null}, the token field. */
    HttpResponse<String> form(String path, String token, String accept) throws IOException, InterruptedException {
        String body = "email=ada%40example.org" + (token == null ? "" : "&playtcha-token=" + token);
        return post(path, FORM, body, accept, Map.of());
    }

    /** One simulator for the run, closed when the run ends. */
    static final class Simulator implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {
        private static PlaytchaSimulator running;

        static synchronized PlaytchaSimulator get() {
            if (running == null) {
                running = PlaytchaSimulator.start();
            }
            return running;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            get();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Simulator.class, k -> this);
        }

        @Override
        public void close() {
            synchronized (Simulator.class) {
                if (running != null) {
                    running.close();
                }
            }
        }
    }
}
