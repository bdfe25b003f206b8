package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keycloak's username and password form ({@code UsernamePasswordForm}, which it extends and otherwise leaves as it is)
 * under the login policy: each post is decided before Keycloak looks at the password. An attempt the policy refuses
 * (a token needed and none sent, a token rejected or spent, Playtcha unavailable for a login that needs its verdict)
 * never reaches Keycloak's check: no password hash, no failed-login event, nothing for Keycloak's brute-force detector;
 * the form comes again saying why, with the widget. An attempt that goes on is judged by Keycloak as before, and its
 * outcome counted; when that failure makes the next attempt need a token, the form that Keycloak shows again carries
 * the widget. What Keycloak refuses before judging a password (a disabled user, one its own detector locked, an empty
 * password) gives back what the attempt counted in advance, as every door of the library does.
 *
 * <p>The account counted is Keycloak's user, found as Keycloak finds it (by name, or by e-mail where the realm allows
 * it), so a user name and its e-mail are one account; a name that finds no user is counted on itself (folded as
 * {@code playtcha.login.fold-names} says), and nothing the form answers differs between the two. The client is the
 * address Keycloak gives ({@code --proxy-headers} decides whether it reads {@code Forwarded}); the counts are the
 * realm's: each realm has counts of its own. A realm's flow may set {@code login-require} in the execution's configuration.
 *
 * <p>Keycloak makes one instance per request ({@code AuthenticatorFactory.create}), so the attempt being judged is a
 * field.
 */
public class PlaytchaLoginForm extends UsernamePasswordForm {

    private final RealmLogins logins;
    private final KeycloakLoginPage page;
    /** The request's flow, as {@link #createLoginForm} needs it; set where Keycloak hands it in. */
    private AuthenticationFlowContext flow;
    /** The attempt this request decided, and whether Keycloak is judging its password now. */
    private Attempt attempt;

    /**
     * An attempt of {@code realm}'s policy on {@code account} ({@code null}: none named), decided as {@code answer};
     * {@code judging} while Keycloak's check runs, {@code beforeTheCheck} while Keycloak answers it without a password judged.
     */
    private record Attempt(RealmLogins.RealmLogin realm, String account, LoginAnswer answer, boolean judging, boolean beforeTheCheck) {
        Attempt with(boolean judging, boolean beforeTheCheck) {
            return new Attempt(realm, account, answer, judging, beforeTheCheck);
        }
    }

    PlaytchaLoginForm(KeycloakSession session, RealmLogins logins, KeycloakLoginPage page) {
        super(session);
        this.logins = logins;
        this.page = page;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        flow = context;
        super.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        flow = context;
        super.action(context);
    }

    /** The form of a first showing (or a showing again after another step), told whether it shows the widget. */
    @Override
    protected Response challenge(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        flow = context;
        page.show(context.form(), needsToken(attempt), attempt == null ? null : attempt.answer());
        return super.challenge(context, formData);
    }

    /** The post decided under the policy; Keycloak's check only for an attempt that goes on, its outcome counted. */
    @Override
    protected boolean validateForm(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        RealmLogins.RealmLogin realm = realm(context);
        String account = account(context, form.getFirst("username"));
        LoginAnswer answer = decide(context, realm, account, form.getFirst("password"));
        attempt = new Attempt(realm, account, answer, false, false);
        if (!answer.proceeds()) {
            Response again = challenge(context, KeycloakLoginPage.message(answer), null);
            context.challenge(KeycloakLoginPage.refused(again, answer));
            return false;
        }
        attempt = attempt.with(true, false);
        boolean accepted = false;
        try {
            accepted = super.validateForm(context, form);
            return accepted;
        } catch (RuntimeException e) {
            if (answer.outcome() != null) {
                answer.outcome().unchecked(); // a store that could not answer judged no password
            }
            throw e;
        } finally {
            attempt = attempt.with(false, false);
            if (answer.outcome() != null) {
                answer.outcome().checked(accepted); // ignored once told (a failure, below, or the exception's)
            }
        }
    }

    /** Keycloak's answer to a user it will not check (disabled, or locked by its own detector): given before any password is judged. */
    @Override
    public boolean enabledUser(AuthenticationFlowContext context, UserModel user) {
        return beforeTheCheck(() -> super.enabledUser(context, user));
    }

    /** Keycloak's detector refusing a user it locked, before the password is judged. */
    @Override
    protected boolean isDisabledByBruteForce(AuthenticationFlowContext context, UserModel user) {
        return beforeTheCheck(() -> super.isDisabledByBruteForce(context, user));
    }

    /** An empty password is refused before any is judged; any other is Keycloak's check. */
    @Override
    public boolean validatePassword(AuthenticationFlowContext context, UserModel user, MultivaluedMap<String, String> inputData,
            boolean clearUser) {
        String password = inputData.getFirst("password");
        if (password == null || password.isEmpty()) {
            return beforeTheCheck(() -> super.validatePassword(context, user, inputData, clearUser));
        }
        return super.validatePassword(context, user, inputData, clearUser);
    }

    private boolean beforeTheCheck(BooleanSupplier keycloak) {
        Attempt judged = attempt;
        if (judged == null || !judged.judging()) {
            return keycloak.getAsBoolean();
        }
        attempt = judged.with(true, true);
        try {
            return keycloak.getAsBoolean();
        } finally {
            attempt = judged;
        }
    }

    /**
     * The form with what the theme needs to show the widget. Keycloak draws it while judging a password only when that
     * check did not log in, so the failure is counted first, and the page shows the widget if the next attempt needs it.
     */
    @Override
    protected Response createLoginForm(LoginFormsProvider form) {
        if (attempt != null && attempt.judging() && attempt.answer().outcome() != null) {
            if (attempt.beforeTheCheck()) {
                attempt.answer().outcome().unchecked(); // refused before any password was judged: what was counted goes back
            } else {
                attempt.answer().outcome().checked(false);
            }
        }
        page.show(form, needsToken(attempt), attempt == null ? null : attempt.answer());
        return super.createLoginForm(form);
    }

    /** Whether the form shown after {@code decided} ({@code null}: no attempt yet) shows the widget: the next attempt needs a token. */
    private boolean needsToken(Attempt decided) {
        String client = flow.getConnection().getRemoteAddr();
        if (decided == null) {
            return realm(flow).login().needsToken(null, client);
        }
        return !decided.answer().proceeds() || decided.realm().login().needsToken(decided.account(), client);
    }

    private RealmLogins.RealmLogin realm(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        String require = config == null || config.getConfig() == null ? null : config.getConfig().get(SpiSettings.LOGIN_REQUIRE);
        return logins.of(context.getRealm().getId(), require);
    }

    private static LoginAnswer decide(AuthenticationFlowContext context, RealmLogins.RealmLogin realm, String account, String password) {
        FlowRequest request = new FlowRequest(context, realm.settings().tokenHeader(), realm.settings().tokenParameter());
        try {
            return realm.login().decideCheck(request, LoginAccount.named(account), password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The account an attempt with {@code name} is about: the user the flow already knows (a re-authentication), else the
     * one Keycloak finds by that name or e-mail, by its id; else the name as sent ({@code null}: none).
     */
    private static String account(AuthenticationFlowContext context, String name) {
        UserModel user = context.getUser();
        if (user == null && name != null && !name.isBlank() && name.length() <= AccountKey.MAX_NAME_LENGTH) {
            try {
                user = KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), name.strip());
            } catch (ModelDuplicateException e) {
                user = null; // two users share the e-mail: Keycloak refuses the login too; counted on the name
            }
        }
        return user != null ? user.getId() : name;
    }
}
