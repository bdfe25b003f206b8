package com.playtcha.jakarta.spring.webflux.it;

import com.playtcha.jakarta.spring.testkit.BlockingCalls;
import com.playtcha.jakarta.spring.testkit.SpringSimulator;
import com.playtcha.jakarta.spring.testkit.WithSimulator;
import com.playtcha.jakarta.spring.webflux.it.app.ReactiveTestApplication;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The test application on Netty on a random port, against the run's simulator ({@link WithSimulator}: every test
 * class shares one application context), with BlockHound on ({@link BlockingCalls}). The filter guards
 * {@code /signup}, {@code /raw}, {@code /upload} and {@code /contact/*}.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "playtcha.url-patterns=/signup,/raw,/upload,/contact/*", "playtcha.timeout=5s",
        "management.endpoint.health.show-details=always", "management.endpoints.web.exposure.include=health"})
@WithSimulator
@ExtendWith(BlockingCalls.class)
abstract class OnNetty {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String JSON = "application/json";
    static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";
    static final String FORM = "application/x-www-form-urlencoded";

    @Value("${local.server.port}")
    int port;

    static PlaytchaSimulator sim() {
        return SpringSimulator.simulator();
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
}
