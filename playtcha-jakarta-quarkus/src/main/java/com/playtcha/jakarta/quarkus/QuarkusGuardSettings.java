package com.playtcha.jakarta.quarkus;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the Quarkus login guard reads of the application's configuration, read once when the application starts (the
 * login policy itself, {@code playtcha.login.*}, is the library's {@code PlaytchaSettings}):
 * <ul>
 * <li>{@value #REQUIRE}: set to anything, the guard and its start check are on; unset, the jar changes nothing.</li>
 * <li>{@value #PASSWORDLESS_REQUESTS}: fully qualified names of the application's request types that carry no password
 * (a token, a key); their providers may run without the guard.</li>
 * <li>{@value #OWN_MECHANISMS}: fully qualified names of the application's mechanisms that check no password
 * themselves (they check none, or hand every one to the {@code IdentityProviderManager}).</li>
 * <li>{@code quarkus.http.auth.proactive}: Quarkus's own; {@code false} (lazy authentication) changes where a refusal's
 * JSON envelope is written ({@link LoginRefusals}).</li>
 * </ul>
 * The two lists are comma-separated, such as {@code playtcha.quarkus.own-mechanisms=com.example.HeaderMechanism}.
 */
@Singleton
final class QuarkusGuardSettings {

    /** The key that switches the guard on: the login policy's own. */
    static final String REQUIRE = "playtcha.login.require";
    /** The application's request types that carry no password. */
    static final String PASSWORDLESS_REQUESTS = "playtcha.quarkus.passwordless-requests";
    /** The application's mechanisms that check no password themselves. */
    static final String OWN_MECHANISMS = "playtcha.quarkus.own-mechanisms";

    private final boolean on;
    private final boolean lazy;
    private final Set<String> passwordlessRequests;
    private final Set<String> ownMechanisms;

    @Inject
    QuarkusGuardSettings(@ConfigProperty(name = REQUIRE) Optional<String> require,
            @ConfigProperty(name = "quarkus.http.auth.proactive", defaultValue = "true") boolean proactive,
            @ConfigProperty(name = PASSWORDLESS_REQUESTS) Optional<List<String>> passwordlessRequests,
            @ConfigProperty(name = OWN_MECHANISMS) Optional<List<String>> ownMechanisms) {
        this.on = require.isPresent();
        this.lazy = !proactive;
        this.passwordlessRequests = names(passwordlessRequests);
        this.ownMechanisms = names(ownMechanisms);
    }

    /**
     * Whether {@code config} switches the guard on: for the build, which reads {@code application.properties} before any
     * bean exists ({@link GuardBuildCheck}); the running application asks {@link #on()}.
     */
    static boolean on(Config config) {
        return config.getOptionalValue(REQUIRE, String.class).isPresent();
    }

    private static Set<String> names(Optional<List<String>> listed) {
        return Set.copyOf(listed.orElse(List.of()).stream().map(String::trim).filter(name -> !name.isEmpty()).toList());
    }

    /** Whether {@value #REQUIRE} is set: the guard decides, and the start is checked. */
    boolean on() {
        return on;
    }

    /** Whether Quarkus authenticates lazily ({@code quarkus.http.auth.proactive=false}). */
    boolean lazy() {
        return lazy;
    }

    /** The request types named in {@value #PASSWORDLESS_REQUESTS}. */
    Set<String> passwordlessRequests() {
        return passwordlessRequests;
    }

    /** The mechanisms named in {@value #OWN_MECHANISMS}. */
    Set<String> ownMechanisms() {
        return ownMechanisms;
    }
}
