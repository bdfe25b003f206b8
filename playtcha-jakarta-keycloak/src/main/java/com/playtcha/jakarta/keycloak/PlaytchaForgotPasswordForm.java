package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.web.WebDecision;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialChooseUser;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * Keycloak's forgot-password form ({@code ResetCredentialChooseUser}, the user name or e-mail to send a reset link to,
 * which it extends and otherwise leaves as it is) under a token every time: the page shows the widget, and a post
 * whose token the check ({@link FormCheck}) refuses is answered with the form again, saying why, with the widget,
 * before Keycloak looks the name up: no user is chosen, no e-mail sent, no event written, and the answer is the same
 * whether the name is a user's or not. A post with a valid token goes on to Keycloak's own step, which answers alike
 * for a known and an unknown name.
 */
final class PlaytchaForgotPasswordForm extends ResetCredentialChooseUser {

    private final FormCheck check;

    PlaytchaForgotPasswordForm(FormCheck check) {
        this.check = check;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        check.show(context.form());
        super.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        WebDecision decision = check.decide(check.request(context));
        if (!decision.proceeds()) {
            LoginFormsProvider form = context.form();
            check.refused(form, decision).setError(FormCheck.message(decision));
            context.challenge(form.createPasswordReset()); // no failureChallenge: no event, nothing counted
            return;
        }
        check.show(context.form()); // Keycloak's own answers (no name given) show the form again: with the widget
        super.action(context);
    }
}
