package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One password check of Keycloak's under the login policy, from the policy's decision to the counted outcome: what every
 * door of this module (the username and password form, the password form, the password grant) does around the check
 * Keycloak makes, the door adding only how its answer looks. A door makes one per request (Keycloak makes its
 * authenticator per request) and calls it at the same four points of Keycloak's check:
 * <ol>
 *   <li>{@link #decide}, before Keycloak looks at the password: the account is Keycloak's user (the one the flow
 *       already knows, else the one Keycloak finds by that name or e-mail, by its id; else the name as sent), so a user
 *       name and its e-mail are one account; the realm's policy (and the {@code login-require} of the execution's
 *       configuration) decides; a refused attempt the door answers without calling Keycloak;</li>
 *   <li>{@link #judged}, Keycloak's check of an attempt that goes on: its outcome is counted when it returns (given back
 *       when it throws: a store that could not answer judged no password);</li>
 *   <li>{@link #beforeTheCheck}, a step of Keycloak's that refuses an attempt without judging a password where the
 *       answer tells no one anything they did not know (a disabled user; on the password page, an empty password): what
 *       the attempt counted in advance is given back. A step whose refusal Keycloak words as an unknown user's (its own
 *       detector's lockout; on the one-page form, an empty password) is counted as one, or the count would tell;</li>
 *   <li>{@link #failing}, where Keycloak draws a failed check's answer while it still judges: the failure is counted
 *       first, so the answer (the form drawn again) already shows what the next attempt needs.</li>
 * </ol>
 * {@link #needsToken} says whether the next attempt from the request's client needs a token: whether a page shows the widget.
 */
final class PasswordCheck {

    private final RealmLogins logins;
    /** The attempt this request decided ({@code null}: none yet). */
    private Attempt attempt;

    /** Where an attempt stands in Keycloak's check. */
    private enum Stage {
        /** Decided; Keycloak is not judging it (yet, or any more). */
        DECIDED,
        /** Keycloak's check runs. */
        JUDGING,
        /** Keycloak's check runs, at a step that refuses it without judging a password. */
        REFUSING_UNJUDGED
    }

    /** An attempt of {@code realm}'s policy on {@code account} ({@code null}: none named), decided as {@code answer}. */
    private record Attempt(RealmLogins.RealmLogin realm, String account, LoginAnswer answer, Stage stage) {
        Attempt at(Stage now) {
            return new Attempt(realm, account, answer, now);
        }
    }

    PasswordCheck(RealmLogins logins) {
        this.logins = logins;
    }

    /**
     * The attempt with {@code name} (exactly as Keycloak will look it up; {@code null}: none sent) and {@code password},
     * decided under the policy of the flow's realm; the attributes of what it found are on the request. {@code flowUser}:
     * Keycloak judges the user the flow already knows (the password page; a re-authentication), not the one {@code name}
     * finds: the account counted is always the one whose password Keycloak judges.
     */
    LoginAnswer decide(AuthenticationFlowContext context, boolean flowUser, String name, String password) {
        RealmLogins.RealmLogin realm = realm(context);
        String account = account(context, flowUser ? context.getUser() : null, name);
        FlowRequest request = new FlowRequest(context, realm.settings().tokenHeader(), realm.settings().tokenParameter());
        LoginAnswer answer;
        try {
            answer = realm.login().decideCheck(request, LoginAccount.named(account), password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        attempt = new Attempt(realm, account, answer, Stage.DECIDED);
        return answer;
    }

    /** The answer {@link #decide} gave, {@code null} before any. */
    LoginAnswer answer() {
        return attempt == null ? null : attempt.answer();
    }

    /** Keycloak's {@code check} of the decided attempt (which went on), and its outcome counted: {@code true} it logged in. */
    boolean judged(BooleanSupplier check) {
        Attempt decided = attempt;
        attempt = decided.at(Stage.JUDGING);
        boolean accepted = false;
        try {
            accepted = check.getAsBoolean();
            return accepted;
        } catch (RuntimeException e) {
            if (decided.answer().outcome() != null) {
                decided.answer().outcome().unchecked(); // a store that could not answer judged no password
            }
            throw e;
        } finally {
            attempt = decided;
            if (decided.answer().outcome() != null) {
                decided.answer().outcome().checked(accepted); // ignored once told (by failing, or the exception's)
            }
        }
    }

    /** A step of Keycloak's that refuses without judging a password; what its refusal draws gives back what was counted. */
    boolean beforeTheCheck(BooleanSupplier step) {
        Attempt judged = attempt;
        if (judged == null || judged.stage() != Stage.JUDGING) {
            return step.getAsBoolean();
        }
        attempt = judged.at(Stage.REFUSING_UNJUDGED);
        try {
            return step.getAsBoolean();
        } finally {
            attempt = judged;
        }
    }

    /**
     * Keycloak draws the answer to a check that did not log in: while it judges, the failure is counted now (or, at a step
     * {@link #beforeTheCheck}, what was counted given back); at any other time (a refusal of the policy's, a first showing)
     * nothing is counted.
     */
    void failing() {
        if (attempt == null || attempt.answer().outcome() == null) {
            return;
        }
        switch (attempt.stage()) {
            case JUDGING -> attempt.answer().outcome().checked(false);
            case REFUSING_UNJUDGED -> attempt.answer().outcome().unchecked();
            case DECIDED -> {
                // not Keycloak's check: the policy's own refusal, or a page before any attempt
            }
        }
    }

    /**
     * Whether the next attempt from the client of {@code context} needs a token: after a refused attempt, always; after
     * another, whether its account now does; before any, whether the user the flow knows (else no account) does.
     */
    boolean needsToken(AuthenticationFlowContext context) {
        String client = context.getConnection().getRemoteAddr();
        if (attempt == null) {
            UserModel user = context.getUser();
            return realm(context).login().needsToken(user == null ? null : user.getId(), client);
        }
        String account = attempt.account();
        return !attempt.answer().proceeds() || account != null && account.length() > AccountKey.MAX_NAME_LENGTH // unreadable: always
                || attempt.realm().login().needsToken(account, client);
    }

    private RealmLogins.RealmLogin realm(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        String require = config == null || config.getConfig() == null ? null : config.getConfig().get(SpiSettings.LOGIN_REQUIRE);
        return logins.of(context.getRealm().getId(), require);
    }

    /**
     * The account an attempt with {@code name} is about: {@code known}, the user the flow already knows whose password
     * Keycloak judges (the password page after the username page), else the one Keycloak finds by that very name (not
     * stripped here: the door passes the spelling Keycloak looks up, so that no name finds a user for Keycloak and none for
     * the count) or e-mail, by its id; else the name as sent ({@code null}: none). The lookup is skipped for a name past
     * {@link AccountKey#MAX_NAME_LENGTH}, which the policy reads as an account it cannot read.
     */
    private static String account(AuthenticationFlowContext context, UserModel known, String name) {
        UserModel user = known;
        if (user == null && name != null && !name.isBlank() && name.length() <= AccountKey.MAX_NAME_LENGTH) {
            try {
                user = KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), name);
            } catch (ModelDuplicateException e) {
                user = null; // two users share the e-mail: Keycloak refuses the login too; counted on the name
            }
        }
        return user != null ? user.getId() : name;
    }
}
