package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.door.LoginProtocol;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.web.LoginRenderer;
import com.playtcha.jakarta.spi.web.Rejection;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * What a login answer says on Keycloak's login page and its response, written here alone and read only from the
 * {@link LoginAnswer} (its {@link LoginAttempt} and refusal): the form's attributes that the theme reads,
 * {@value #NEEDS_TOKEN} ({@code Boolean}: show the widget) and {@value #WIDGET} (the widget's snippet, HTML); on the
 * answer to a login post, the {@value LoginProtocol#NEEDS_TOKEN_HEADER} and {@value LoginProtocol#TOKEN_SPENT_HEADER}
 * headers, which {@link LoginRenderer} writes for every door; a refusal's message (a key of the theme's messages,
 * {@link #message}), its status and headers, and for a client that prefers JSON the library's envelope in place of the
 * page. The page shown before any post carries no header: whether it shows the widget is in the page.
 *
 * <p>The theme {@code playtcha} (a child of {@code keycloak.v2}, in this jar) shows the snippet inside the form:
 * <pre>{@code <#if playtchaNeedsToken?? && playtchaNeedsToken>${playtchaWidget?no_esc}</#if>}</pre>
 */
final class KeycloakLoginPage {

    /** Form attribute: {@code Boolean}, whether the page shows the widget (the next attempt needs a token). */
    static final String NEEDS_TOKEN = "playtchaNeedsToken";
    /** Form attribute: the widget's snippet. */
    static final String WIDGET = "playtchaWidget";

    private final String widget;

    KeycloakLoginPage(String widget) {
        this.widget = widget;
    }

    /**
     * {@code form} told whether the page shows the widget; {@code answer} is the attempt this page answers ({@code null}:
     * none, a first showing, which carries no header). A refused attempt's headers come with its refusal ({@link #refused}).
     */
    LoginFormsProvider show(LoginFormsProvider form, boolean needsToken, LoginAnswer answer) {
        form.setAttribute(NEEDS_TOKEN, needsToken);
        form.setAttribute(WIDGET, widget);
        if (answer != null && answer.proceeds()) {
            LoginRenderer.headers(answer, form::setResponseHeader); // as every door: the attempt's, rendered in one place
        }
        return form;
    }

    /** The theme's message key that says why {@code answer} was refused. */
    static String message(LoginAnswer answer) {
        VerificationResult result = answer.attempt().result();
        if (answer.attempt() instanceof LoginAttempt.NeedsToken
                || result instanceof VerificationResult.Rejected rejected && VerificationResult.MISSING_TOKEN.equals(rejected.code())) {
            return "playtchaTokenRequired";
        } else if (result instanceof VerificationResult.Unavailable) {
            return answer.refusal().status() == 429 ? "playtchaTooManyAttempts" : "playtchaTryLater";
        } else if (answer.refusal().status() == 429) {
            return "playtchaTooManyAttempts";
        }
        return "playtchaTokenRejected";
    }

    /**
     * The answer to the refused {@code answer}: {@code page} (the form again, saying why, with the widget) with the refusal's
     * status and headers, or the JSON envelope for a client that prefers JSON.
     */
    static Response refused(Response page, LoginAnswer answer) {
        Rejection refusal = answer.refusal();
        Response.ResponseBuilder response = refusal.body() != null
                ? Response.status(refusal.status()).type(Rejection.JSON_TYPE).entity(refusal.json())
                : Response.fromResponse(page).status(refusal.status());
        refusal.headers().forEach(response::header);
        return response.build();
    }
}
