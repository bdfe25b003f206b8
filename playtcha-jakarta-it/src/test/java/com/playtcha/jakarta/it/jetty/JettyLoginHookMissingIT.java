package com.playtcha.jakarta.it.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WAR that maps its PlaytchaFilter onto {@code /j_security_check} on Jetty without inserting
 * PlaytchaLoginHandler: Jetty would check the password before the filter ever ran, so the application
 * does not start (Jetty logs the library's message, which says what to add: its wording is checked in
 * playtcha-jakarta-jetty's own tests). Jetty keeps a context whose start failed deployed but unavailable:
 * every request, a login post included, answers 503 and the login service is never asked.
 */
@ExtendWith(ArquillianExtension.class)
class JettyLoginHookMissingIT {

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive withoutTheDoor() {
        return JettyLoginWars.war("login-nodoor", Map.of(), true, false);
    }

    @Test
    void mappingOntoTheLoginPost_withoutTheDoor_failsToStart_andNoLoginIsServed() throws Exception {
        int before = JettyLoginService.calls();

        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(resolve("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=" + JettyLoginService.USER + "&j_password="
                        + JettyLoginService.PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(503, login.statusCode(), login::body);
        assertEquals(before, JettyLoginService.calls());
        assertEquals(503, get("/hook").statusCode(), "nothing of the application is served");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI resolve(String path) {
        String base = url.toString().endsWith("/") ? url.toString().substring(0, url.toString().length() - 1)
                : url.toString();
        return URI.create(base + path);
    }
}
