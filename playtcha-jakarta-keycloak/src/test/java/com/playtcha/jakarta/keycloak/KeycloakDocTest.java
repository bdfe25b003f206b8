package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/keycloak.md names the real options: each SPI option and variable it writes is one the provider reads. */
class KeycloakDocTest {

    private static final Path DOC = Path.of("..", "docs", "keycloak.md");
    private static final Pattern OPTION = Pattern.compile("--spi-authenticator--" + PlaytchaLoginFormFactory.ID + "--([a-z0-9-]+)");
    private static final Pattern VARIABLE = Pattern.compile("KC_SPI_AUTHENTICATOR__PLAYTCHA_LOGIN_FORM__([A-Z0-9_]+)");

    private static Set<String> options() {
        Set<String> known = Arrays.stream(Setting.values()).map(SpiSettings::name).collect(Collectors.toCollection(HashSet::new));
        known.add(SpiSettings.WIDGET_SNIPPET);
        return known;
    }

    @Test
    void everyOptionTheDocNames_isRead() throws IOException {
        String doc = Files.readString(DOC);
        Matcher option = OPTION.matcher(doc);
        int found = 0;
        for (; option.find(); found++) {
            assertTrue(options().contains(option.group(1)), "docs/keycloak.md names an option not read: " + option.group());
        }
        Matcher variable = VARIABLE.matcher(doc);
        for (; variable.find(); found++) {
            String name = variable.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
            assertTrue(options().contains(name), "docs/keycloak.md names a variable the provider does not read: " + variable.group());
        }
        assertTrue(found > 5, "the doc's options were found");
    }

    @Test
    void theDocumentedWidget_isTheDefault() throws IOException {
        String doc = Files.readString(DOC);
        Matcher html = Pattern.compile("```html\\n(.*?)\\n\\s*```", Pattern.DOTALL).matcher(doc);
        assertTrue(html.find(), "docs/keycloak.md shows the default widget");
        String shown = html.group(1).lines().map(String::strip).collect(Collectors.joining("\n"));
        assertEquals(SpiSettings.DEFAULT_WIDGET, shown);
    }
}
