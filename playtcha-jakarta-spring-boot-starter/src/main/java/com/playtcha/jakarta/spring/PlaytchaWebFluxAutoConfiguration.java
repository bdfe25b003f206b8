package com.playtcha.jakarta.spring;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.spring.webflux.PlaytchaWebFilter;
import com.playtcha.jakarta.spring.webflux.ReactivePlaytchaVerifier;
import java.lang.System.Logger.Level;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.filter.reactive.HiddenHttpMethodFilter;

/**
 * What a reactive (WebFlux) web application gets besides the settings and the verifier
 * ({@link PlaytchaAutoConfiguration}), whose servlet parts stay off there, as these stay off in a servlet
 * application: the {@link ReactivePlaytchaVerifier} (bean {@code reactivePlaytchaVerifier}), the verifier as a
 * {@code Mono} for code that verifies by hand; and with {@code playtcha.url-patterns}, the
 * {@link PlaytchaWebFilter} (bean {@code playtchaWebFilter}) on those patterns and {@code playtcha.methods},
 * reading forms with the application's codecs (where Spring's hidden-method filter is on, a form {@code POST} is guarded
 * as the method its {@code _method} field may name). Declare a {@code PlaytchaWebFilter} bean of your own and the
 * starter makes none. The health indicator and the metrics are the same as in a servlet application. The
 * guide: docs/webflux.md.
 *
 * <pre>{@code
 * playtcha.url-patterns=/signup
 * }</pre>
 */
@AutoConfiguration(after = PlaytchaAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = {"org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono"})
public class PlaytchaWebFluxAutoConfiguration {

    private static final System.Logger LOG = System.getLogger(PlaytchaWebFluxAutoConfiguration.class.getName());

    /** The application's verifier as a {@code Mono}. */
    @Bean
    @ConditionalOnMissingBean
    public ReactivePlaytchaVerifier reactivePlaytchaVerifier(PlaytchaVerifier verifier) {
        return new ReactivePlaytchaVerifier(verifier);
    }

    /** The filter on {@code playtcha.url-patterns}, when set and the application declares no filter of its own. */
    @Bean
    @Conditional(OnSetting.UrlPatterns.class)
    @ConditionalOnMissingBean(PlaytchaWebFilter.class)
    public PlaytchaWebFilter playtchaWebFilter(PlaytchaSettings settings, ObjectProvider<PlaytchaVerifier> verifier,
            ObjectProvider<ServerCodecConfigurer> codecs, ObjectProvider<HiddenHttpMethodFilter> hiddenMethods,
            Environment environment) {
        LOG.log(Level.INFO, "PlaytchaWebFilter registered on {0} from playtcha.url-patterns", settings.urlPatterns());
        // Read as the settings were (a value that is no whole number failed them, naming the key); the filter checks its range.
        String maxHeld = SpringSettings.configuration(environment).apply(Setting.TOKEN_SEARCH_MAX_HELD.key());
        return new PlaytchaWebFilter(settings, verifier::getObject, codecs.getIfAvailable(ServerCodecConfigurer::create),
                hiddenMethods.getIfAvailable() != null,
                Long.parseLong((maxHeld != null ? maxHeld : Setting.TOKEN_SEARCH_MAX_HELD.defaultValue().orElseThrow()).trim()));
    }
}
