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
 * The authenticator {@value #ID} ("Playtcha Username and Password Validation"): the password grant
 * ({@code grant_type=password}) under Playtcha's login policy ({@link PlaytchaDirectGrant}). A realm's direct grant flow
 * has it alone in place of "Username Validation" and "Password" (docs/keycloak.md, "The password grant"):
 *
 * <pre>
 * curl -d grant_type=password -d client_id=cli -d username=alice -d password=... \
 *      -H "Playtcha-Token: $TOKEN" https://keycloak.example/realms/demo/protocol/openid-connect/token
 * </pre>
 *
 * <p>It has no SPI options of its own: the settings, verifier and counts are those of {@value PlaytchaLoginFormFactory#ID}
 * ({@link PlaytchaLoginFormFactory#logins}), so the grant and the browser forms count an account's failures together. A
 * flow's execution may set {@code login-require} in its configuration.
 */
public class PlaytchaDirectGrantFactory implements AuthenticatorFactory {

    /** The provider's id. */
    public static final String ID = "playtcha-direct-grant";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {AuthenticationExecutionModel.Requirement.REQUIRED};

    private RealmLogins logins;

    @Override
    public void init(Config.Scope config) {
        // nothing: the options are playtcha-login-form's (postInit)
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        logins = PlaytchaLoginFormFactory.logins(factory);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PlaytchaDirectGrant(logins);
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
        return "Playtcha Username and Password Validation";
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
        return "The password grant's username and password validation, each attempt decided by Playtcha's login policy before "
                + "the user is looked up or the password judged; the token in the Playtcha-Token header or the playtcha-token "
                + "parameter.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PlaytchaLoginFormFactory.loginRequireProperty();
    }
}
