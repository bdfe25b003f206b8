package com.playtcha.jakarta.health;

import com.playtcha.jakarta.core.PlaytchaVerifier;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;

/**
 * {@link PlaytchaHealthExtension} for CDI Lite (Quarkus's ArC, which runs no portable extension):
 * the same application-scoped {@code @Readiness} check, registered at build time under the same
 * conditions, the MicroProfile Health API present and {@code playtcha.health.enabled} not
 * {@code false}. In Quarkus that setting is read when the application is built, so it is fixed in
 * the build (as Quarkus's own {@code quarkus.health.extensions.enabled} is).
 *
 * <p>Skipped where the portable extension runs (Weld runs both kinds), so the check is registered once.
 */
@SkipIfPortableExtensionPresent(PlaytchaHealthExtension.class)
public class PlaytchaHealthBuildExtension implements BuildCompatibleExtension {

    private static final System.Logger LOG = System.getLogger(PlaytchaHealthBuildExtension.class.getName());

    @Synthesis
    public void register(SyntheticComponents components) {
        if (PlaytchaHealthExtension.checkWanted(LOG, System.Logger.Level.DEBUG)) {
            PlaytchaReadinessCheck.register(components);
        }
    }

    /** Creates the check; it resolves the verifier as an injection point would, at its first call. */
    public static final class Creator implements SyntheticBeanCreator<PlaytchaReadinessCheck> {
        @Override
        public PlaytchaReadinessCheck create(Instance<Object> lookup, Parameters params) {
            Instance<PlaytchaVerifier> verifiers = lookup.select(PlaytchaVerifier.class);
            return new PlaytchaReadinessCheck(verifiers::get);
        }
    }
}
