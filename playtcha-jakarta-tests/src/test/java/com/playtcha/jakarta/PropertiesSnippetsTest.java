package com.playtcha.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code ```properties} block of the README and docs/*.md is settings a user copies into
 * {@code microprofile-config.properties}: each {@code playtcha.*} key is one the library knows, and
 * the block's values build settings (with a secret, which the blocks leave to the environment).
 */
class PropertiesSnippetsTest {

    private static final Pattern BLOCK = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL);

    static Stream<Path> pages() throws IOException {
        try (Stream<Path> docs = Files.list(DocsSnippetsTest.DOCS)) {
            return Stream.concat(Stream.of(ReadmeSnippetsTest.README),
                    docs.filter(p -> p.toString().endsWith(".md")).sorted().toList().stream());
        }
    }

    @ParameterizedTest
    @MethodSource("pages")
    void everyPropertiesBlock_namesKnownSettings_withValuesThatBuild(Path page) throws IOException {
        Map<String, Setting> known = Arrays.stream(Setting.values()).collect(Collectors.toMap(Setting::key, s -> s));
        Matcher blocks = BLOCK.matcher(Files.readString(page));
        List<String> unknown = new ArrayList<>();
        while (blocks.find()) {
            Properties block = new Properties();
            block.load(new StringReader(blocks.group(1)));
            assertFalse(block.isEmpty(), page + " has an empty properties block");
            PlaytchaSettings.Builder settings = PlaytchaSettings.builder("sk_test_docs");
            for (String key : block.stringPropertyNames()) {
                if (!key.startsWith("playtcha.")) {
                    continue; // the runtime's own keys (quarkus.datasource.*), next to ours
                }
                Setting setting = known.get(key);
                if (setting == null) {
                    unknown.add(key);
                } else {
                    settings.set(setting, block.getProperty(key));
                }
            }
            settings.build(); // throws naming the key of a value that cannot work
        }
        assertEquals(List.of(), unknown, page + " names settings the library does not have");
    }
}
