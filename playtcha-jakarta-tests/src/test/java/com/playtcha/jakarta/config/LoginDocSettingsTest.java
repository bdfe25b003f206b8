package com.playtcha.jakarta.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/login.md gives every MicroProfile Config key of its examples in its web.xml spelling too
 * (issue 49: a web.xml user had to find {@code login.require} elsewhere), and the two spellings it
 * shows for "only after failures" load as the same settings.
 */
class LoginDocSettingsTest {

    private static final Pattern PROPERTIES = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern XML = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern INIT_PARAM = Pattern.compile(
            "<init-param><param-name>([^<]+)</param-name><param-value>([^<]*)</param-value></init-param>");

    @Test
    void everyKeyOfAPropertiesExample_hasItsInitParamInTheDoc() throws IOException {
        String doc = doc();
        Map<String, String> keys = properties(doc);
        assertFalse(keys.isEmpty(), "login.md has a properties example");
        for (String key : keys.keySet()) {
            Setting setting = setting(key);
            if (setting != Setting.URL_PATTERNS) {
                assertTrue(doc.contains("<param-name>" + setting.initParam() + "</param-name>"),
                        () -> "docs/login.md shows " + key + " but not its init-param " + setting.initParam());
            }
        }
    }

    @Test
    void theAfterFailuresExample_loadsTheSameFromWebXmlAsFromMicroProfileConfig() throws IOException {
        String doc = doc();
        Map<String, String> initParams = new HashMap<>();
        for (Matcher block = XML.matcher(doc); block.find(); ) {
            if (block.group(1).contains("<param-name>login.require</param-name>")) {
                for (Matcher param = INIT_PARAM.matcher(block.group(1)); param.find(); ) {
                    initParams.put(param.group(1), param.group(2));
                }
            }
        }
        assertTrue(initParams.containsKey("login.require"), "login.md has a web.xml example for after-failures");
        initParams.put("secret", "sk_test_doc");
        Map<String, String> properties = new HashMap<>(properties(doc));
        properties.keySet().removeIf(key -> !key.startsWith("playtcha.login."));
        properties.put("playtcha.secret", "sk_test_doc");

        PlaytchaSettings fromWebXml = new SettingsLoader(null, name -> null, name -> null, List::of).load(initParams);
        PlaytchaSettings fromMicroProfile = new SettingsLoader(new MicroProfileSource(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "login.md", 500)).build()), name -> null, name -> null, List::of)
                .load(Map.of());

        assertTrue(fromWebXml.login().afterFailures());
        assertEquals(fromMicroProfile.login(), fromWebXml.login());
        assertEquals(properties.size() - 1, initParams.size() - 1, "the same keys: " + properties.keySet() + " and " + initParams.keySet());
    }

    private static Setting setting(String key) {
        for (Setting setting : Setting.values()) {
            if (setting.key().equals(key)) {
                return setting;
            }
        }
        throw new AssertionError("docs/login.md names a key no Setting declares: " + key);
    }

    /** Every {@code playtcha.*} key given a value in the doc's properties examples, with that value. */
    private static Map<String, String> properties(String doc) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Matcher block = PROPERTIES.matcher(doc); block.find(); ) {
            for (String line : block.group(1).split("\n")) {
                int equals = line.indexOf('=');
                if (line.startsWith("playtcha.") && equals > 0) {
                    keys.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                }
            }
        }
        return keys;
    }

    private static String doc() throws IOException {
        return Files.readString(Path.of("..", "docs", "login.md"));
    }
}
