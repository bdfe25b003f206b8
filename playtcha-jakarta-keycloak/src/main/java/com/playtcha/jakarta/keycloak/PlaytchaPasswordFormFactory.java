package com.playtcha.jakarta.keycloak;

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
 * The authenticator {@value #ID} ("Playtcha Password Form"): Keycloak's password form, the page after the username form,
 * under Playtcha's login policy ({@link PlaytchaPasswordForm}). A realm's browser flow puts it after "Username Form"
 * ({@code auth-username-form}) in place of "Password Form", with the login theme {@code playtcha} (docs/keycloak.md).
 *
 * <p>It has no SPI options of its own: the process's settings, verifier and counts are those the factory of
 * {@value PlaytchaLoginFormFactory#ID} reads and builds ({@code --spi-authenticator--playtcha-login-form--*}), taken in
 * {@link #postInit} ({@link PlaytchaLoginFormFactory#logins}), so an account's failures on this page, on the one-page
 * form and at the password grant are one count. A flow's execution may set {@code login-require} in its configuration.
 */
public class PlaytchaPasswordFormFactory implements AuthenticatorFactory {

    /** The provider's id. */
    public static final String ID = "playtcha-password-form";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
        AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.ALTERNATIVE,
        AuthenticationExecutionModel.Requirement.DISABLED};

    private RealmLogins logins;
    private KeycloakLoginPage page;

    @Override
    public void init(Config.Scope config) {
        // nothing: the options are playtcha-login-form's (postInit)
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        logins = PlaytchaLoginFormFactory.logins(factory);
        page = new KeycloakLoginPage(logins.widget());
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PlaytchaPasswordForm(session, logins, page);
    }

    @Override
    public void close() {
        // the logins are playtcha-login-form's, which closes them
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Playtcha Password Form";
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
        return "Keycloak's password form (after the username form), each attempt decided by Playtcha's login policy before the "
                + "password is judged: a captcha only when the policy asks for one.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PlaytchaLoginFormFactory.loginRequireProperty();
    }
}
