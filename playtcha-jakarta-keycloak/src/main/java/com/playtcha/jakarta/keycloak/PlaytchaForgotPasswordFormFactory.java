package com.playtcha.jakarta.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The authenticator {@value #ID} ("Playtcha Choose User (forgot password)"): Keycloak's forgot-password form under a
 * token every time ({@link PlaytchaForgotPasswordForm}), put in place of "Choose User"
 * ({@code reset-credentials-choose-user}) in a realm's reset credentials flow, with the login theme {@code playtcha}.
 * It has no options of its own: it verifies with the verifier of {@value PlaytchaLoginFormFactory#ID}, read from that
 * provider's SPI options ({@code --spi-authenticator--playtcha-login-form--*}; docs/keycloak.md, "Forgot password").
 */
public class PlaytchaForgotPasswordFormFactory implements AuthenticatorFactory {

    /** The provider's id, the execution's {@code authenticator} in a realm's reset credentials flow. */
    public static final String ID = "playtcha-forgot-password-form";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {AuthenticationExecutionModel.Requirement.REQUIRED};

    private volatile FormCheck check;

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PlaytchaForgotPasswordForm(check);
    }

    @Override
    public void init(Config.Scope config) {
        // nothing: the options are playtcha-login-form's
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        check = FormCheck.of(factory, ID); // on the login form's verifier; without it, the start stops here
    }

    @Override
    public void close() {
        // nothing held: the verifier is the login form factory's, which closes it
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Playtcha Choose User (forgot password)";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
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
        return "Keycloak's Choose User of the forgot-password form, with a Playtcha token on every post, verified before the "
                + "name is looked up or an e-mail sent.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
