package com.playtcha.jakarta.health;

import com.playtcha.jakarta.config.OptionalApis;
import com.playtcha.jakarta.config.SettingsLoader;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.UnsatisfiedResolutionException;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registers {@link PlaytchaReadinessCheck} as an application-scoped {@code @Readiness HealthCheck} bean
 * in CDI applications, when MicroProfile Health's API is visible to the library and
 * {@code playtcha.health.enabled} is not {@code false}. Found by CDI through
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 *
 * <p>Why an extension and not an annotation on the check: the library's jar is a bean archive with
 * {@code bean-discovery-mode="annotated"}, and a class with a scope annotation is a bean whether or not
 * the API it implements can be loaded. This class names only CDI types, so it loads everywhere; the
 * check, which implements {@code HealthCheck}, carries no bean-defining annotation and becomes a bean
 * only here, after {@code Class.forName} found the API.
 *
 * <p>Why the check has no injection point: Payara 6 puts what an extension adds into a bean archive of
 * its own, which sees no other bean ({@code @Inject PlaytchaVerifier} there fails with
 * {@code WELD-001408}). So the check is a synthetic bean, and the verifier beans are noted here as CDI
 * processes them; at its first call the check asks CDI to pick among them as for an injection point.
 */
public class PlaytchaHealthExtension implements Extension {

    static final String HEALTH_API = "org.eclipse.microprofile.health.HealthCheck";

    private static final System.Logger LOG = System.getLogger(PlaytchaHealthExtension.class.getName());

    private final Set<Bean<?>> verifiers = ConcurrentHashMap.newKeySet();

    void noteVerifier(@Observes ProcessBean<?> event) {
        if (event.getBean().getTypes().contains(PlaytchaVerifier.class)) {
            verifiers.add(event.getBean());
        }
    }

    void register(@Observes AfterBeanDiscovery discovery, BeanManager beans) {
        if (checkWanted(LOG, Level.DEBUG)) {
            PlaytchaReadinessCheck.register(discovery, () -> verifier(beans, verifiers));
        }
    }

    /**
     * Whether the readiness check is registered: the MicroProfile Health API is present and
     * {@code playtcha.health.enabled} is not {@code false}; when not, says why on {@code log} (the extension's)
     * at {@code level}.
     */
    static boolean checkWanted(System.Logger log, Level level) {
        if (!OptionalApis.present(HEALTH_API)) {
            log.log(level, "MicroProfile Health API absent: no Playtcha readiness check");
            return false;
        }
        if (!SettingsLoader.forApplication(null).flag(Setting.HEALTH_ENABLED)) { // the thread context class loader's
            log.log(level, "playtcha.health.enabled=false: no Playtcha readiness check");
            return false;
        }
        return true;
    }

    /** The verifier CDI would inject: the bean it resolves among those noted, by its reference. */
    static PlaytchaVerifier verifier(BeanManager beans, Set<Bean<?>> candidates) {
        Bean<?> bean = beans.resolve(Set.copyOf(candidates));
        if (bean == null) {
            throw new UnsatisfiedResolutionException("No PlaytchaVerifier bean");
        }
        return (PlaytchaVerifier) beans.getReference(bean, PlaytchaVerifier.class, beans.createCreationalContext(bean));
    }
}
