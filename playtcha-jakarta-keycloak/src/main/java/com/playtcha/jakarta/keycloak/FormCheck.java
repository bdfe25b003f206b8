package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.web.WebDecision;
import com.playtcha.jakarta.spi.web.WebGuard;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.FormContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The check of the forms that need a token every time: Keycloak's registration form ({@link PlaytchaRegistrationAction})
 * and its forgot-password form ({@link PlaytchaForgotPasswordForm}). The post's token (the {@code token-header} header,
 * else the form's {@code token-parameter} field) is verified by the process's one verifier, the one
 * {@link PlaytchaLoginFormFactory} builds from its SPI options ({@code --spi-authenticator--playtcha-login-form--*}):
 * these forms have no options of their own, so one secret, one pool, one set of budgets serve every form of the process.
 * A refusal is the same whoever the form names and creates no user and sends no e-mail; on the forgot-password form the
 * check comes before Keycloak's lookup too (on the registration form, the last step, Keycloak's own checks of the name
 * and e-mail run first, and the refusal takes their place in the answer).
 *
 * <p>An unavailable Playtcha refuses these forms (503, "try again later"): a registration or a reset e-mail is what a
 * bot wants, and neither can be taken back. The operator who prefers the library's default for them says so with
 * {@code fail-closed=false} given explicitly; then an outage lets the form through and the fail-open ledger records it.
 * {@code mode=observe} lets everything through, as everywhere. The refused page comes with the decision's status and
 * headers ({@code Retry-After} where the decision table gives one: a 429, an overloaded pool's 503); it is always the
 * page, never the JSON envelope (these are browser forms).
 */
final class FormCheck {

    /** Session attribute: the {@link WebDecision} that refused this request's form, for the page drawn afterwards. */
    static final String REFUSED = "com.playtcha.keycloak.form-refused";

    private final WebGuard guard;
    private final KeycloakLoginPage page;
    private final PlaytchaSettings settings;

    private FormCheck(WebGuard guard, KeycloakLoginPage page, PlaytchaSettings settings) {
        this.guard = guard;
        this.page = page;
        this.settings = settings;
    }

    /**
     * The check of the form {@code name} (for the guard's name), on the verifier of the process's
     * {@value PlaytchaLoginFormFactory#ID} provider, which Keycloak started before serving.
     */
    static FormCheck of(KeycloakSessionFactory factory, String name) {
        RealmLogins logins = PlaytchaLoginFormFactory.logins(factory);
        PlaytchaSettings settings = logins.spi().settings(null);
        return new FormCheck(logins.guard(name, policy(logins.spi(), settings)), new KeycloakLoginPage(logins.widget()), settings);
    }

    /** The settings' mode and reject status, failing closed unless the operator set {@code fail-closed} (to false) itself. */
    static Policy policy(SpiSettings spi, PlaytchaSettings settings) {
        FailMode failMode = spi.values().containsKey(Setting.FAIL_CLOSED) ? settings.failMode() : FailMode.CLOSED;
        return new Policy(settings.mode(), failMode, settings.rejectStatus());
    }

    /** {@code request}'s token decided: verified, or refused (no token, a rejected or spent one, no verdict when closed). */
    WebDecision decide(FlowRequest request) {
        try {
            return guard.decide(request);
        } catch (IOException e) { // FlowRequest reads the form Keycloak already parsed: nothing to fail here
            throw new UncheckedIOException(e);
        }
    }

    /** The request as this check reads it. */
    FlowRequest request(FormContext context) {
        return new FlowRequest(context, settings.tokenHeader(), settings.tokenParameter());
    }

    /** The request as this check reads it. */
    FlowRequest request(AuthenticationFlowContext context) {
        return new FlowRequest(context, settings.tokenHeader(), settings.tokenParameter());
    }

    /** {@code form} showing the widget: these forms need a token every time. */
    LoginFormsProvider show(LoginFormsProvider form) {
        return page.show(form, true, null);
    }

    /** {@code form} drawn after {@code refused}: its status and headers, the widget shown. */
    LoginFormsProvider refused(LoginFormsProvider form, WebDecision refused) {
        Response.Status status = Response.Status.fromStatusCode(refused.rejection().status());
        if (status != null) {
            form.setStatus(status);
        }
        refused.rejection().headers().forEach(form::setResponseHeader);
        return show(form);
    }

    /** The theme's message key that says why {@code refused} was refused. */
    static String message(WebDecision refused) {
        VerificationResult result = refused.result();
        if (result instanceof VerificationResult.Rejected rejected && VerificationResult.MISSING_TOKEN.equals(rejected.code())) {
            return "playtchaFormTokenRequired";
        } else if (refused.rejection().status() == 429) {
            return "playtchaTooManyAttempts";
        } else if (result instanceof VerificationResult.Unavailable) {
            return "playtchaTryLater";
        }
        return "playtchaFormTokenRejected";
    }
}
