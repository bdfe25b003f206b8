/**
 * Keycloak's password checks under the login policy: {@code PlaytchaLoginFormFactory}, an authenticator factory that
 * reads the settings the Keycloak way ({@code SpiSettings}: SPI options and {@code KC_SPI_...} variables) and builds the
 * one verifier of the process, which the other doors' factories share; {@code PlaytchaLoginForm}, Keycloak's username
 * and password form, {@code PlaytchaPasswordForm}, its password page, and {@code PlaytchaDirectGrant}, the password
 * grant, each deciding every attempt before Keycloak judges the password through {@code PasswordCheck} (and
 * {@code RealmLogins}, one policy and one set of counts per realm; {@code KeycloakDatabase}, Keycloak's database for the
 * counts a cluster shares); {@code KeycloakLoginPage} and {@code GrantAnswer}, what an answer says on the page and to a
 * client of the grant; {@code FlowRequest}, the flow's request as the SPI's web side reads it;
 * {@code PlaytchaRegistrationAction} and {@code PlaytchaForgotPasswordForm}, Keycloak's registration and forgot-password
 * forms under a token every time, checked by {@code FormCheck} on the same verifier.
 *
 * <p>May import: {@code core}; {@code spi} (whose {@code VerifierFactory} builds the verifier and the counts); the SPI's
 * login policy ({@code spi.login}), its web side ({@code spi.web}), the login protocol's names ({@code spi.door}) and the
 * stores' contracts ({@code spi.store}); Keycloak's APIs ({@code org.keycloak}: the authenticator SPI, the models, the
 * form it extends, the login forms) and Jakarta REST's ({@code jakarta.ws.rs}), which Keycloak has; Keycloak's CDI
 * container ({@code io.quarkus.arc}, {@code jakarta.enterprise.inject}) in {@code KeycloakDatabase}, for its DataSource. Never
 * {@code internal}, {@code config}, {@code servlet} nor {@code cdi}. It is a jar of its own, playtcha-jakarta-keycloak,
 * the provider jar an operator drops into Keycloak's {@code providers/} (docs/keycloak.md).
 */
package com.playtcha.jakarta.keycloak;
