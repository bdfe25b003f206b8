package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Keycloak servers the IT classes of one Failsafe JVM share, started once (a start costs about 30 s of CPU): the
 * simulator as Playtcha, and a cluster of Keycloak nodes on one PostgreSQL database, its login counts shared there
 * ({@code ledger-datasource=keycloak}). {@link #first} is started by the first class that asks; {@link #second}, a
 * second node on the same database, only by a class that needs two. Each test logs in from client addresses of its
 * own, so classes do not count on each other's. Everything stops when the JVM exits.
 */
final class KeycloakNodes {

    private static KeycloakNodes shared;

    private final PlaytchaSimulator playtcha;
    private final Map<String, String> environment;
    private final KeycloakServer first;
    private final KeycloakAdmin admin;
    private KeycloakServer second;

    private KeycloakNodes(PlaytchaSimulator playtcha, Map<String, String> environment, KeycloakServer first) {
        this.playtcha = playtcha;
        this.environment = environment;
        this.first = first;
        this.admin = new KeycloakAdmin(first.url());
    }

    /** The JVM's nodes, the first one started on first call; skips the class where Keycloak's JDK is absent. */
    static synchronized KeycloakNodes get() throws IOException, InterruptedException {
        if (shared == null) {
            KeycloakServer.built(); // skips where the JDK is absent, before anything starts
            PlaytchaSimulator playtcha = PlaytchaSimulator.start();
            Map<String, String> environment = new HashMap<>(KeycloakServer.database());
            environment.putAll(Map.of(
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__SECRET", playtcha.secret(),
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__API_URL", playtcha.url().toString(),
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__LEDGER_DATASOURCE", KeycloakDatabase.NAME,
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__WIDGET_SNIPPET", SharedKeycloak.WIDGET,
                    // a loaded test machine: a count's call is not to be taken for a slow database (a token asked for)
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__CLUSTER_TIMEOUT", "10s",
                    "KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__CLUSTER_START_TIMEOUT", "1m",
                    "KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakAdmin.USER,
                    "KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakAdmin.PASSWORD));
            KeycloakServer first;
            try {
                first = KeycloakServer.start(environment);
            } catch (IOException | InterruptedException | RuntimeException e) {
                playtcha.close();
                throw e;
            }
            KeycloakNodes nodes = new KeycloakNodes(playtcha, Map.copyOf(environment), first);
            Runtime.getRuntime().addShutdownHook(new Thread(nodes::close, "keycloak-nodes-stop"));
            shared = nodes;
        }
        return shared;
    }

    /** The first node: every realm of src/test/resources/import imported. */
    KeycloakServer first() {
        return first;
    }

    /** A second node on the first one's database and settings (its own caches, {@code --cache=local}), started on first call. */
    synchronized KeycloakServer second() throws IOException, InterruptedException {
        if (second == null) {
            second = KeycloakServer.start(environment);
        }
        return second;
    }

    /** The nodes started so far, without starting any: {@code null} before the first. */
    static synchronized KeycloakNodes started() {
        return shared;
    }

    /** The nodes started so far. */
    synchronized List<KeycloakServer> servers() {
        return second == null ? List.of(first) : List.of(first, second);
    }

    PlaytchaSimulator playtcha() {
        return playtcha;
    }

    /** The admin REST API, on the first node (the second one reads and writes the same database). */
    KeycloakAdmin admin() {
        return admin;
    }

    private synchronized void close() {
        if (second != null) {
            second.close();
        }
        first.close();
        playtcha.close();
    }
}
