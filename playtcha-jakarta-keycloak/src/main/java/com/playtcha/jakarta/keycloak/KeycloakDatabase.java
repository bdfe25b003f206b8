package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spi.store.Resources;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import jakarta.enterprise.inject.Instance;
import javax.sql.DataSource;

/**
 * Keycloak's own database, as the library's stores find a {@code DataSource} by name: {@code ledger-datasource} set to
 * {@value #NAME} puts the login counts of every realm, the client budgets and the fail-open ledger in the database every
 * node of the Keycloak cluster already shares, in tables of the library's own ({@code playtcha_*}, created at the first
 * start unless {@code ledger-create-schema=false}):
 *
 * <pre>
 * bin/kc.sh start --optimized --db=postgres ... \
 *     --spi-authenticator--playtcha-login-form--ledger-datasource=keycloak
 * </pre>
 *
 * <p>The {@code DataSource} is the one Keycloak's JPA runs on: Quarkus's default datasource (Agroal's pool, Keycloak's
 * {@code db-*} options), the bean of type {@code DataSource} in Keycloak's CDI container (ArC, asked as Keycloak asks
 * it: the standard {@code CDI.current()} finds no provider in Keycloak 26). The stores use it on threads of their own,
 * which no Keycloak transaction spans: each count is a statement of its own in auto-commit, seen by every node at once,
 * whatever becomes of the login's transaction. The library's stores are PostgreSQL's: a Keycloak on another database
 * fails its start naming the option. Any other name goes the library's usual way (JNDI, then a CDI {@code @Named}
 * {@code DataSource}), which finds nothing in Keycloak: the start fails naming the option. Why this way and not
 * Keycloak's JPA session or its Infinispan: design/keycloak.md, "Counts shared by a cluster".
 */
final class KeycloakDatabase implements Resources {

    /** The name that stands for Keycloak's own database. */
    static final String NAME = "keycloak";

    /**
     * Keycloak's {@code DataSource} for {@value #NAME}, {@code null} for any other name.
     *
     * @throws InvalidSettingException naming {@code ledger.datasource} when Keycloak's {@code DataSource} cannot be had
     */
    @Override
    public Object named(String name) {
        if (!NAME.equals(name)) {
            return null;
        }
        String why;
        try {
            ArcContainer container = Arc.container();
            if (container == null) {
                why = "no CDI container is running";
            } else {
                Instance<DataSource> found = container.select(DataSource.class);
                if (found.isResolvable()) {
                    return found.get();
                }
                why = found.isAmbiguous() ? "several DataSource beans" : "no DataSource bean";
            }
        } catch (RuntimeException | LinkageError e) {
            why = e.toString();
        }
        throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "names Keycloak's own database (" + NAME + "), whose DataSource "
                + "this Keycloak does not give: " + why);
    }
}
