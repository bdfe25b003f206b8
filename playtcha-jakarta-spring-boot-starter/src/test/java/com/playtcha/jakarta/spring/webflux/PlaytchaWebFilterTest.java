package com.playtcha.jakarta.spring.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.codec.ServerCodecConfigurer;

/** The filter's own setting: a bound on what the posts being read hold that is out of range fails the start, naming it. */
class PlaytchaWebFilterTest {

    private static final PlaytchaSettings SETTINGS = PlaytchaSettings.builder("sk_test_0123456789abcdef")
            .urlPatterns(List.of("/signup")).build();

    @ParameterizedTest
    @ValueSource(longs = {0, 65535, 1073741825})
    void maxHeldOutOfRange_failsNamingTheKeyAndAValidValue(long maxHeld) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new PlaytchaWebFilter(SETTINGS,
                () -> null, ServerCodecConfigurer.create(), false, maxHeld));

        assertEquals(Setting.TOKEN_SEARCH_MAX_HELD, e.setting());
        assertTrue(e.getMessage().startsWith("playtcha.token-search.max-held: must be a whole number of bytes from 65536 to "
                + "1073741824, like 33554432 (32 MiB); got " + maxHeld), e::getMessage);
    }

    @ParameterizedTest
    @ValueSource(longs = {65536, 33554432, 1073741824})
    void maxHeldInRange_makesAFilter(long maxHeld) {
        new PlaytchaWebFilter(SETTINGS, () -> null, ServerCodecConfigurer.create(), false, maxHeld);
    }
}
