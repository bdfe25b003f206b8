package com.playtcha.jakarta.spi;

import com.playtcha.jakarta.core.PlaytchaListener;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * SPI: how whatever holds a verifier (the filters' registry, the CDI producer, the Spring Boot starter)
 * builds what it holds: the login counts of its settings, then the verifier beside them, then its
 * metrics. It holds all three, hands the counts to every login policy it makes, offers the verifier and the
 * counts to its web application's filters ({@link VerifierOffer}), and closes them when it stops. Called by
 * the library's own holders, the Spring Boot starter and the Jakarta REST module, which reads its
 * application's settings here too and asks here whether an optional API is present.
 */
public final class VerifierFactory {

    private VerifierFactory() {
    }

    /**
     * The settings of the application that {@code classLoader} loads ({@code null}: the thread context class
     * loader's), from MicroProfile Config where present, else the system properties and the environment, as
     * docs/configuration.md orders them; no init-params.
     *
     * @throws com.playtcha.jakarta.core.InvalidSettingException naming the key of a missing or invalid value
     */
    public static PlaytchaSettings settings(ClassLoader classLoader) {
        return com.playtcha.jakarta.config.SettingsLoader.forApplication(classLoader).load(java.util.Map.of());
    }

    /**
     * Whether the library's class loader sees {@code className}, asked without loading it: a holder touches
     * an optional API (the Servlet API, CDI, Quarkus REST) only where this says it is.
     */
    public static boolean present(String className) {
        return com.playtcha.jakarta.config.OptionalApis.present(className);
    }

    /**
     * The login counts of these settings on the system clock: this node's, or the cluster module's when a store
     * is shared, found by its name in {@code resources} first ({@link Resources#NONE}: JNDI and CDI alone).
     *
     * @throws com.playtcha.jakarta.core.InvalidSettingException naming the store's key when the cluster
     *         module it needs is missing
     */
    public static LoginFailures loginFailures(PlaytchaSettings settings, Resources resources) {
        return com.playtcha.jakarta.internal.verifier.Verifiers.loginFailures(settings, resources);
    }

    /**
     * The verifier of these settings, reporting to {@code listeners} too; its {@code status()} shows the
     * faults of the counts {@code beside} it ({@code null}: none), which it never closes.
     *
     * @param ledgerExecutor where the ledger's passes run (the runtime's managed scheduled executor,
     *                       never shut down here), or {@code null} for threads of its own
     * @param resources      what the framework calls the stores the settings name ({@link Resources#NONE}: none)
     */
    public static PlaytchaVerifier verifier(PlaytchaSettings settings, ScheduledExecutorService ledgerExecutor,
            List<PlaytchaListener> listeners, LoginFailures beside, Resources resources) {
        return com.playtcha.jakarta.internal.verifier.Verifiers.create(settings, ledgerExecutor, listeners, beside, resources);
    }

    /**
     * Records the verifier's OpenTelemetry metrics ({@code telemetry.PlaytchaMetrics}) on the
     * {@code io.opentelemetry.api.OpenTelemetry} that {@code openTelemetry} gives, asked only when the API is
     * on the class path ({@code null}: the global one, looked up at the first decision); returns what stops
     * the recording (before or after the verifier closes), or {@code null} when the API is absent.
     */
    public static Runnable metrics(PlaytchaVerifier verifier, Supplier<?> openTelemetry) {
        return com.playtcha.jakarta.internal.telemetry.OptionalMetrics.attach(verifier, openTelemetry);
    }
}
