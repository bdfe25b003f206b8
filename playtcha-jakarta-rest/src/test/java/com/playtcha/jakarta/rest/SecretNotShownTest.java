package com.playtcha.jakarta.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.playtcha.jakarta.core.LogCapture;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the REST integration logs and prints names its settings, never the secret. */
class SecretNotShownTest {

    private static final String SECRET = "sk_test_rest_never_printed_42";

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void featureLog_andFilterToString_maskTheSecret() {
        PlaytchaSettings settings = PlaytchaSettings.builder().secret(SECRET).apiUrl(URI.create("http://127.0.0.1:9/")).build();
        List<Object> registered = new ArrayList<>();
        FeatureContext context = (FeatureContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {FeatureContext.class}, (proxy, method, args) -> {
                    registered.add(args[0]);
                    return proxy;
                });
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            new PlaytchaFeature(verifier, settings).configure(GuardedResource.info(), context);
        }

        assertEquals(1, registered.size());
        assertFalse(registered.get(0).toString().contains(SECRET), registered.get(0)::toString);
        String everything = log.everything();
        assertFalse(log.lines(Level.INFO).isEmpty(), "the feature logs what it guards");
        assertFalse(everything.contains(SECRET), everything);
    }
}
