package com.playtcha.jakarta.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormActionFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * The form action {@value #ID} ("Playtcha Registration Check"): Keycloak's registration form under a token every time
 * ({@link PlaytchaRegistrationAction}), put last in a realm's "registration form" flow, in place of (or beside a
 * disabled) "reCAPTCHA", with the login theme {@code playtcha}. It has no options of its own: it verifies with the
 * verifier of {@value PlaytchaLoginFormFactory#ID}, read from that provider's SPI options
 * ({@code --spi-authenticator--playtcha-login-form--*}; docs/keycloak.md, "Registration").
 */
public class PlaytchaRegistrationActionFactory implements FormActionFactory {

    /** The provider's id, the execution's {@code authenticator} in a realm's registration form flow. */
    public static final String ID = "playtcha-registration-action";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
        AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    private volatile FormCheck check;

    @Override
    public FormAction create(KeycloakSession session) {
        return new PlaytchaRegistrationAction(check);
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
        return "Playtcha Registration Check";
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
        return "A Playtcha token on every registration, verified before any user is created; put it last in the form's flow.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
