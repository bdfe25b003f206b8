package com.playtcha.jakarta.keycloak;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What one Keycloak process holds for its logins: the one verifier, built from the operator's settings when the factory
 * starts and closed when it stops, and, per realm (and per {@code login-require} a realm's flow sets), a login policy
 * with counts of its own: an account, a client and the whole "application" are counted within one realm, so a realm
 * under attack asks no other realm's users for a token. The counts are this node's ({@code playtcha.login.*}'s local
 * counts); docs/keycloak.md says what a cluster of Keycloak nodes does with them today.
 */
final class RealmLogins implements AutoCloseable {

    /** A realm's policy as the form decides with it, and its settings (its {@code login.require}, the token's names). */
    record RealmLogin(WebLogin login, PlaytchaSettings settings) {
    }

    private static final System.Logger LOG = System.getLogger(RealmLogins.class.getName());

    private final SpiSettings spi;
    private final PlaytchaVerifier verifier;
    private final ConcurrentMap<String, Counted> realms = new ConcurrentHashMap<>();

    private record Counted(RealmLogin realm, LoginFailures failures) {
    }

    private RealmLogins(SpiSettings spi, PlaytchaVerifier verifier) {
        this.spi = spi;
        this.verifier = verifier;
    }

    /**
     * The verifier of the operator's settings ({@code spi}), with no realm's policy yet.
     *
     * @throws com.playtcha.jakarta.core.InvalidSettingException naming the SPI option at fault
     */
    static RealmLogins start(SpiSettings spi) {
        PlaytchaSettings settings = spi.settings(null);
        return new RealmLogins(spi, VerifierFactory.verifier(settings, null, List.of(), null, Resources.NONE));
    }

    /** The policy of realm {@code realmId} under {@code loginRequire} ({@code null}: the operator's), made at its first login. */
    RealmLogin of(String realmId, String loginRequire) {
        String require = loginRequire == null || loginRequire.isBlank() ? "" : loginRequire.strip();
        return realms.computeIfAbsent(realmId + '\n' + require, key -> open(require)).realm();
    }

    private Counted open(String loginRequire) {
        PlaytchaSettings settings = spi.settings(loginRequire);
        LoginFailures failures = VerifierFactory.loginFailures(settings, Resources.NONE);
        WebLogin login = new WebLogin(new LoginPolicy(settings, failures), new WebGuard("keycloak", Policy.of(settings), () -> verifier));
        return new Counted(new RealmLogin(login, settings), failures);
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

    /** Stops every realm's counts, then the verifier. */
    @Override
    public void close() {
        realms.values().forEach(counted -> {
            if (counted.failures() != null) {
                counted.failures().close();
            }
        });
        realms.clear();
        try {
            verifier.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "The Playtcha verifier did not close cleanly [{0}]", e.toString());
        }
    }
}
