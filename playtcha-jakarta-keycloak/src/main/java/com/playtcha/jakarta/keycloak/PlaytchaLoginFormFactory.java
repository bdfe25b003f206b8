package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.core.Setting;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The authenticator {@value #ID} ("Playtcha Username Password Form"): Keycloak's username and password form under
 * Playtcha's login policy ({@link PlaytchaLoginForm}). An operator drops the provider jar into {@code providers/}, runs
 * {@code kc.sh build}, sets the secret as an SPI option, and puts this form in place of "Username Password Form" in a
 * realm's browser flow, with the login theme {@code playtcha} (docs/keycloak.md):
 *
 * <pre>
 * KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__SECRET=... bin/kc.sh start \
 *     --spi-authenticator--playtcha-login-form--login-require=after-failures
 * </pre>
 *
 * <p>Keycloak calls {@link #init} once per process: the settings are read there (every {@code playtcha.*} key as an
 * option of this provider, named without {@code playtcha.} and with dots as dashes, with the library's defaults; and
 * {@code widget-snippet}, the page's widget); {@link #postInit} then opens the login counts (Keycloak's database's with
 * {@code ledger-datasource=keycloak}, {@link KeycloakDatabase}) and builds the process's one verifier; a missing
 * secret, a bad value or a database the counts cannot use stops Keycloak's start naming the option. {@link #close}
 * closes the verifier and the counts. A flow's execution may set {@code login-require} in its configuration; everything
 * else, the secret first, stays in the SPI options, out of a realm's exported JSON.
 *
 * <p>Its options are every door's of this jar: the factories of {@code playtcha-password-form} and
 * {@code playtcha-direct-grant} read none and take this one's verifier and counts ({@link #logins}), so it stays enabled.
 *
 * <p><b>Warning:</b> Keycloak's own brute-force detection still runs on the attempts this form lets through; leave its
 * lockout off (docs/keycloak.md, "Brute-force detection"), or a guesser with tokens can still lock a victim out.
 */
public class PlaytchaLoginFormFactory implements AuthenticatorFactory {

    /** The provider's id: the authenticator's, and the SPI options' middle name. */
    public static final String ID = "playtcha-login-form";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
        AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.ALTERNATIVE,
        AuthenticationExecutionModel.Requirement.DISABLED};

    private SpiSettings settings;
    private volatile RealmLogins logins;
    private KeycloakLoginPage page;

    @Override
    public void init(Config.Scope config) {
        settings = SpiSettings.read(config::get);
        settings.settings(null); // a bad option stops the start here, naming it
        page = new KeycloakLoginPage(settings.widget());
    }

    /**
     * The counts and the verifier, before Keycloak serves: here, not in {@link #init}, which Keycloak on Quarkus calls
     * before its CDI container (and so Keycloak's database, {@link KeycloakDatabase}) is up; or already, where another
     * door's {@code postInit} came first and asked for them ({@link #logins(KeycloakSessionFactory)}).
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        started();
    }

    /** The counts and the verifier, built by the first {@code postInit} of any door that needs them. */
    private synchronized RealmLogins started() {
        if (logins == null) {
            logins = RealmLogins.start(settings, new KeycloakDatabase());
        }
        return logins;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PlaytchaLoginForm(session, logins, page);
    }

    @Override
    public synchronized void close() {
        if (logins != null) {
            logins.close();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Playtcha Username Password Form";
    }

    @Override
    public String getReferenceCategory() {
        return PasswordCredentialModel.TYPE;
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Keycloak's username and password form, each attempt decided by Playtcha's login policy before the password is "
                + "judged: a captcha only when the policy asks for one.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return loginRequireProperty();
    }

    /**
     * The process's logins, built from this provider's SPI options (read in its {@link #init}): every door of the module
     * ({@link PlaytchaPasswordFormFactory}, {@link PlaytchaDirectGrantFactory}, and the forms {@link FormCheck} checks)
     * takes them in its {@code postInit}, after every factory's {@code init}, whichever {@code postInit} Keycloak calls
     * first, so the process has one set of options, one verifier and one set of counts.
     *
     * @throws IllegalStateException when this provider is not there to be asked (switched off), which stops Keycloak's start
     */
    static RealmLogins logins(KeycloakSessionFactory factory) {
        if (factory.getProviderFactory(Authenticator.class, ID) instanceof PlaytchaLoginFormFactory form && form.settings != null) {
            return form.started();
        }
        throw new IllegalStateException("Playtcha's Keycloak doors read their settings through the authenticator " + ID
                + ", which is not running: leave it enabled (its SPI options, --spi-authenticator--" + ID + "--*, are every door's)");
    }

    /** The one configuration property of a flow's execution of every door: its {@code login-require}. */
    static List<ProviderConfigProperty> loginRequireProperty() {
        return List.of(new ProviderConfigProperty(SpiSettings.LOGIN_REQUIRE, "Login requires a token",
                "always: every attempt; after-failures: only while the account, the client or the realm failed too often. "
                        + "Empty: the SPI option's (" + Setting.LOGIN_REQUIRE.defaultValue().orElse("") + " by default).",
                ProviderConfigProperty.LIST_TYPE, "", "", "always", "after-failures"));
    }
}
