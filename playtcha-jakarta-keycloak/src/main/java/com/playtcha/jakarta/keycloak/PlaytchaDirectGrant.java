package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.web.LoginAnswer;
import jakarta.ws.rs.core.Response;
import java.util.function.BooleanSupplier;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.directgrant.ValidatePassword;
import org.keycloak.authentication.authenticators.directgrant.ValidateUsername;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The password grant ({@code grant_type=password} at the token endpoint, Keycloak's direct grant flow) under the login
 * policy: in the realm's direct grant flow it takes the place of both "Username Validation" and "Password"
 * ({@code direct-grant-validate-username}, {@code direct-grant-validate-password}), so the policy decides before Keycloak
 * looks up the user or judges the password ({@link PasswordCheck}). The token comes in the {@code Playtcha-Token} header or
 * the {@code playtcha-token} form parameter (the library's {@code token-header} and {@code token-parameter}).
 *
 * <p>A refused attempt is answered at once, as an OAuth error ({@link GrantAnswer#refused}): no user looked up, no hash,
 * no {@code LOGIN_ERROR} event, nothing for Keycloak's brute-force detector, and the same answer whether the user exists
 * or not. An attempt that goes on is Keycloak's: its own username validation ({@code ValidateUsername}, unchanged: a dummy
 * hash for an unknown name, its refusals) then its password check ({@code ValidatePassword}, which this extends), their
 * answers carrying the login headers ({@link GrantAnswer#failed}), the outcome counted before Keycloak answers. A missing
 * name is refused without a password judged and gives back what was counted; a user Keycloak's own detector locked
 * counts as a failure, as an unknown name does (Keycloak answers both alike); a disabled user is judged (Keycloak's grant
 * checks the password to word its refusal) and counted as a failure.
 *
 * <p>Keycloak makes one instance per request ({@link PlaytchaDirectGrantFactory}), so the check is a field.
 */
public class PlaytchaDirectGrant extends ValidatePassword {

    private final PasswordCheck check;
    /** Whether Keycloak refused the attempt that went on (it draws every refusal with {@link #errorResponse}). */
    private boolean refused;

    PlaytchaDirectGrant(RealmLogins logins) {
        this.check = new PasswordCheck(logins);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        String name = context.getHttpRequest().getDecodedFormParameters().getFirst(AuthenticationManager.FORM_USERNAME);
        LoginAnswer answer = check.decide(context, context.getUser() != null, name, retrievePassword(context));
        if (!answer.proceeds()) {
            context.challenge(GrantAnswer.refused(answer)); // a challenge: no event, no failure for Keycloak's detector
            return;
        }
        check.judged(() -> usernameThenPassword(context, name));
    }

    /** It finds the user itself, after the policy's decision: no step before it in the flow has to. */
    @Override
    public boolean requiresUser() {
        return false;
    }

    /** Keycloak's own steps: the user by name or e-mail (unless the flow knows it), then the password; whether it logged in. */
    private boolean usernameThenPassword(AuthenticationFlowContext context, String name) {
        if (context.getUser() == null) {
            BooleanSupplier username = () -> {
                new Username().authenticate(context);
                return context.getUser() != null;
            };
            boolean found = unjudged(context, name) ? check.beforeTheCheck(username) : username.getAsBoolean();
            if (!found) {
                return false;
            }
        }
        super.authenticate(context);
        return !refused;
    }

    /**
     * Whether Keycloak refuses {@code name} without judging a password in words of its own: none sent, or two users of
     * one e-mail. A user its own detector locked is counted as a failure, as an unknown name is: Keycloak answers the two
     * alike, and a count given back for the one would tell which names are users.
     */
    private static boolean unjudged(AuthenticationFlowContext context, String name) {
        if (name == null || name.isEmpty()) {
            return true;
        }
        try {
            KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), name);
            return false;
        } catch (ModelDuplicateException e) {
            return true; // Keycloak refuses two users of one e-mail before any password
        }
    }

    /** Every refusal of Keycloak's steps: the outcome counted first, then Keycloak's answer with the login headers. */
    @Override
    public Response errorResponse(int status, String error, String errorDescription) {
        refused = true;
        check.failing();
        return GrantAnswer.failed(super.errorResponse(status, error, errorDescription), check.answer());
    }

    /** Keycloak's username validation, its refusals drawn as this grant's. */
    private final class Username extends ValidateUsername {
        @Override
        public Response errorResponse(int status, String error, String errorDescription) {
            return PlaytchaDirectGrant.this.errorResponse(status, error, errorDescription);
        }
    }
}
