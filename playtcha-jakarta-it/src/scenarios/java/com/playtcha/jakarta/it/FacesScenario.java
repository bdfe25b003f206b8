package com.playtcha.jakarta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario: a Jakarta Faces form guarded by the filter (docs/faces.md). The same view twice: under
 * {@code /plain/} with PlaytchaFilter mapped to it, where an {@code f:ajax} postback carries the
 * form's token and spends it before the real submit; under {@code /ajax/} with the filter subclass
 * that lets Faces' partial requests through and an action that insists on a verdict. The requests
 * are the ones Faces' JavaScript and a browser send, written by hand. Runs where Faces is built in
 * (WildFly: Mojarra).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class FacesScenario {

    private static final String[] APPLICATION = {"com.playtcha.jakarta.it.app.FacesSignup",
            "com.playtcha.jakarta.it.app.FullSubmitPlaytchaFilter"};
    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta\\.faces\\.ViewState\"[^>]*value=\"([^\"]+)\"");

    private static final String VIEW = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:h="jakarta.faces.html" xmlns:f="jakarta.faces.core">
            <h:head><title>Sign up</title></h:head>
            <h:body>
              <h:form id="signup">
                <h:inputText id="email" value="#{signup.email}">
                  <f:ajax event="blur" render="echo"/>
                </h:inputText>
                <h:outputText id="echo" value="email=#{signup.email}"/>
                <input type="hidden" name="playtcha-token" value=""/>
                <h:commandButton id="submit" value="Sign up" action="#{signup.submit}"/>
                <h:commandButton id="quick" value="Sign up without reloading" action="#{signup.submit}">
                  <f:ajax execute="@form" render="@form"/>
                </h:commandButton>
                <h:outputText id="result" value="result=#{signup.result};"/>
              </h:form>
            </h:body>
            </html>
            """;

    @ArquillianResource
    URL url;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    public static WebArchive deployment() {
        String web = """
                  <servlet><servlet-name>faces</servlet-name><servlet-class>jakarta.faces.webapp.FacesServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>faces</servlet-name><url-pattern>*.xhtml</url-pattern></servlet-mapping>
                  <filter><filter-name>plain</filter-name><filter-class>com.playtcha.jakarta.servlet.PlaytchaFilter</filter-class></filter>
                  <filter-mapping><filter-name>plain</filter-name><url-pattern>/plain/signup.xhtml</url-pattern></filter-mapping>
                  <filter><filter-name>full-submit</filter-name><filter-class>com.playtcha.jakarta.it.app.FullSubmitPlaytchaFilter</filter-class></filter>
                  <filter-mapping><filter-name>full-submit</filter-name><url-pattern>/ajax/signup.xhtml</url-pattern></filter-mapping>
                """;
        return Wars.withClassesByName(Wars.withLibrary("faces"), APPLICATION)
                .setWebXML(new StringAsset(Wars.webXml(web)))
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" "
                        + "bean-discovery-mode=\"annotated\"/>\n"), "beans.xml")
                .addAsWebResource(new StringAsset(VIEW), "plain/signup.xhtml")
                .addAsWebResource(new StringAsset(VIEW), "ajax/signup.xhtml");
    }

    @BeforeEach
    void resetSimulator() {
        Playtcha.simulator().reset();
    }

    @Test
    void plainMapping_ajaxPostbackSpendsTheToken_andTheRealSubmitIsRejected() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        String token = sim.mintToken();
        String viewState = render("plain/signup.xhtml");

        HttpResponse<String> ajax = post("plain/signup.xhtml", ajaxValidation(viewState, token), true);
        HttpResponse<String> submit = post("plain/signup.xhtml", fullSubmit(viewState, token), false);

        assertEquals(200, ajax.statusCode(), ajax::body);
        assertTrue(ajax.body().contains("email=ada@example.com"), ajax::body);
        assertEquals(403, submit.statusCode(), submit::body);
        assertEquals(2, sim.callCount(token), "the AJAX postback verified (and spent) it, the submit tried again");
    }

    @Test
    void plainMapping_fullSubmitWithAToken_runsTheAction() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        String viewState = render("plain/signup.xhtml");

        HttpResponse<String> submit = post("plain/signup.xhtml", fullSubmit(viewState, sim.mintToken()), false);

        assertEquals(200, submit.statusCode(), submit::body);
        assertTrue(submit.body().contains("result=submitted-verified;"), submit::body);
    }

    @Test
    void partialRequestsSkipped_ajaxKeepsTheToken_forTheRealSubmit() throws Exception {
        PlaytchaSimulator sim = Playtcha.simulator();
        String token = sim.mintToken();
        String viewState = render("ajax/signup.xhtml");

        HttpResponse<String> ajax = post("ajax/signup.xhtml", ajaxValidation(viewState, token), true);
        HttpResponse<String> submit = post("ajax/signup.xhtml", fullSubmit(viewState, token), false);

        assertEquals(200, ajax.statusCode(), ajax::body);
        assertTrue(ajax.body().contains("email=ada@example.com"), ajax::body);
        assertEquals(200, submit.statusCode(), submit::body);
        assertTrue(submit.body().contains("result=submitted-verified;"), submit::body);
        assertEquals(1, sim.callCount(token), "only the real submit verified it");
    }

    @Test
    void partialRequestsSkipped_anAjaxSubmitWithoutToken_isRefusedByTheAction() throws Exception {
        String viewState = render("ajax/signup.xhtml");
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("signup", "signup");
        forged.put("signup:email", "ada@example.com");
        forged.put("jakarta.faces.ViewState", viewState);
        forged.put("jakarta.faces.source", "signup:quick");
        forged.put("jakarta.faces.partial.event", "click");
        // Client ids: faces.js resolves @form before sending; the server knows only @all and @none.
        forged.put("jakarta.faces.partial.execute", "signup:quick signup");
        forged.put("jakarta.faces.partial.render", "signup");
        forged.put("jakarta.faces.behavior.event", "action");
        forged.put("jakarta.faces.partial.ajax", "true");

        HttpResponse<String> reply = post("ajax/signup.xhtml", forged, true);

        assertEquals(200, reply.statusCode(), reply::body);
        assertTrue(reply.body().contains("result=refused-no-verdict;"), reply::body);
        assertEquals(0, Playtcha.simulator().callCount());
    }

    /** GETs the view in this test's session; returns its view state. */
    private String render(String view) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri(view)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page::body);
        Matcher viewState = VIEW_STATE.matcher(page.body());
        assertTrue(viewState.find(), page::body);
        return viewState.group(1);
    }

    /** What Faces' JavaScript sends on blur: every field of the form, the token included, plus the partial parameters. */
    private static Map<String, String> ajaxValidation(String viewState, String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("signup", "signup");
        form.put("signup:email", "ada@example.com");
        form.put("playtcha-token", token);
        form.put("jakarta.faces.ViewState", viewState);
        form.put("jakarta.faces.source", "signup:email");
        form.put("jakarta.faces.partial.event", "blur");
        form.put("jakarta.faces.partial.execute", "signup:email");
        form.put("jakarta.faces.partial.render", "signup:echo");
        form.put("jakarta.faces.behavior.event", "blur");
        form.put("jakarta.faces.partial.ajax", "true");
        return form;
    }

    /** What a browser sends for the submit button. */
    private static Map<String, String> fullSubmit(String viewState, String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("signup", "signup");
        form.put("signup:email", "ada@example.com");
        if (token != null) {
            form.put("playtcha-token", token);
        }
        form.put("signup:submit", "Sign up");
        form.put("jakarta.faces.ViewState", viewState);
        return form;
    }

    private HttpResponse<String> post(String view, Map<String, String> fields, boolean partial) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(view)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", partial ? "*/*" : Http.HTML)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (partial) {
            request.header("Faces-Request", "partial/ajax");
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String view) {
        String root = url.toString().endsWith("/") ? url.toString() : url + "/";
        return URI.create(root + view);
    }
}
