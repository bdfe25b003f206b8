package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.spi.VerifierFactory;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import com.playtcha.jakarta.spi.web.WebGuard;
import com.playtcha.jakarta.spi.web.WebLogin;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What one Keycloak process holds for its logins: the login counts and the one verifier beside them, built from the
 * operator's settings when the factory starts and closed when it stops, and, per realm (and per {@code login-require} a
 * realm's flow sets), a login policy on the realm's counts ({@link LoginFailures#within}, scoped by the realm's id): an
 * account, a client and the whole "application" are counted within one realm, so a realm under attack asks no other
 * realm's users for a token. The counts are this node's, or, with {@code ledger-datasource=keycloak}, every node's in
 * Keycloak's database ({@link KeycloakDatabase}); docs/keycloak.md, "A cluster of Keycloak nodes".
 */
final class RealmLogins implements AutoCloseable {

    /** A realm's policy as the form decides with it, and its settings (its {@code login.require}, the token's names). */
    record RealmLogin(WebLogin login, PlaytchaSettings settings) {
    }

    private static final System.Logger LOG = System.getLogger(RealmLogins.class.getName());

    private final SpiSettings spi;
    private final LoginFailures counts;
    private final PlaytchaVerifier verifier;
    private final ConcurrentMap<String, RealmLogin> realms = new ConcurrentHashMap<>();
    /** Each realm's counts, by its id: one per realm, whatever {@code login-require} its flows set. */
    private final ConcurrentMap<String, LoginFailures> realmCounts = new ConcurrentHashMap<>();
    /** The {@code login-require} values already said to be unreadable. */
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    private RealmLogins(SpiSettings spi, LoginFailures counts, PlaytchaVerifier verifier) {
        this.spi = spi;
        this.counts = counts;
        this.verifier = verifier;
    }

    /**
     * The counts and the verifier of the operator's settings ({@code spi}), with no realm's policy yet; the stores
     * {@code ledger-datasource} names are looked up in {@code resources} first.
     *
     * @throws com.playtcha.jakarta.core.InvalidSettingException naming the SPI option at fault
     */
    static RealmLogins start(SpiSettings spi, Resources resources) {
        PlaytchaSettings settings = spi.settings(null);
        LoginFailures counts = SpiSettings.named(() -> VerifierFactory.loginFailures(settings, resources));
        try {
            PlaytchaVerifier verifier = SpiSettings.named(() -> VerifierFactory.verifier(settings, null, List.of(), counts, resources));
            return new RealmLogins(spi, counts, verifier);
        } catch (RuntimeException | Error e) {
            counts.close();
            throw e;
        }
    }

    /**
     * The policy of realm {@code realmId} under {@code loginRequire} ({@code null}: the operator's), made at its first login.
     * A value the library does not take (an execution's configuration is a realm administrator's, unchecked by Keycloak) is
     * read as {@code always}, the strictest: said once in Keycloak's log, naming the value, and every login of that flow
     * goes on under the policy rather than failing.
     */
    RealmLogin of(String realmId, String loginRequire) {
        String require = loginRequire == null || loginRequire.isBlank() ? "" : loginRequire.strip();
        try {
            return realms.computeIfAbsent(realmId + '\n' + require, key -> open(realmId, require));
        } catch (InvalidSettingException e) {
            if (unreadable.add(require)) {
                LOG.log(System.Logger.Level.WARNING, "A flow's execution sets " + SpiSettings.LOGIN_REQUIRE + " to a value the"
                        + " login policy does not take; its logins are decided under always [{0}]", e.getMessage());
            }
            return realms.computeIfAbsent(realmId + "\nalways", key -> open(realmId, "always"));
        }
    }

    private RealmLogin open(String realmId, String loginRequire) {
        PlaytchaSettings settings = spi.settings(loginRequire);
        LoginFailures failures = realmCounts.computeIfAbsent(realmId, counts::within);
        WebLogin login = new WebLogin(new LoginPolicy(settings, failures), new WebGuard("keycloak", Policy.of(settings), () -> verifier));
        return new RealmLogin(login, settings);
    }

    /** The widget's page snippet. */
    String widget() {
        return spi.widget();
    }

    /** The operator's settings, as the forms that need a token always read them ({@link FormCheck}). */
    SpiSettings spi() {
        return spi;
    }

    /** A guard named {@code name} on the process's one verifier, deciding under {@code policy} ({@link FormCheck}). */
    WebGuard guard(String name, Policy policy) {
        return new WebGuard(name, policy, () -> verifier);
    }

    /** Stops the verifier, then every realm's counts and the store under them. */
    @Override
    public void close() {
        try {
            verifier.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "The Playtcha verifier did not close cleanly [{0}]", e.toString());
        }
        realms.clear();
        realmCounts.values().forEach(LoginFailures::close);
        realmCounts.clear();
        counts.close();
    }
}
