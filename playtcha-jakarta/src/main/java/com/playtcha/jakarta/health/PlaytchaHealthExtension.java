package com.playtcha.jakarta.health;

import com.playtcha.jakarta.internal.config.SettingsLoader;
import com.playtcha.jakarta.core.Setting;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.lang.System.Logger.Level;

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
 * <p>Why a synthetic bean, added after discovery, and not an added annotated type: CDI puts a bean
 * into the bean archive of its bean class, and a container may not know that a class without a
 * bean-defining annotation belongs to the library's jar. Payara 6 does not: for such a class it
 * makes an archive of its own, which sees no other bean, so an {@code @Inject PlaytchaVerifier} there
 * fails the deployment ({@code WELD-001408}). The check's bean therefore names {@link ReadinessAnchor},
 * a bean of the library's jar, as its bean class, declares no injection point, and looks the
 * verifier up at each call in that archive, where the library's producer (or the application's
 * alternative) is.
 */
public class PlaytchaHealthExtension implements Extension {

    static final String HEALTH_API = "org.eclipse.microprofile.health.HealthCheck";

    private static final System.Logger LOG = System.getLogger(PlaytchaHealthExtension.class.getName());

    void register(@Observes AfterBeanDiscovery discovery) {
        if (!apiPresent()) {
            LOG.log(Level.DEBUG, "MicroProfile Health API absent: no Playtcha readiness check");
            return;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (!SettingsLoader.forApplication(context).flag(Setting.HEALTH_ENABLED)) {
            LOG.log(Level.DEBUG, "playtcha.health.enabled=false: no Playtcha readiness check");
            return;
        }
        PlaytchaReadinessCheck.register(discovery, ReadinessAnchor.class);
    }

    static boolean apiPresent() {
        try {
            Class.forName(HEALTH_API, false, PlaytchaHealthExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
