package com.playtcha.jakarta.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jar's {@code META-INF/spring-configuration-metadata.json}, which IDEs read to complete and document
 * {@code playtcha.*}, is {@link Setting}'s list: every key, its type, default and description, and
 * the values of the settings that take one of a few words. On a difference the test writes what the
 * file should be to {@code target/spring-configuration-metadata.json}, to copy over the old one.
 */
class ConfigurationMetadataTest {

    private static final String FILE = "META-INF/spring-configuration-metadata.json";

    /** The settings that take one of a few words, and those words (each also in the setting's description). */
    private static final Map<Setting, List<String>> WORDS = Map.of(Setting.MODE, List.of("enforce", "observe"),
            Setting.LOGIN_REQUIRE, List.of("always", "after-failures"), Setting.LOGIN_ACCOUNT_NAMES, List.of("folded", "exact"),
            Setting.LEDGER_CLAIM_UNAVAILABLE, List.of("hold-locally", "refuse"), Setting.TRUST_STORE_TYPE, List.of("PKCS12", "JKS"));

    @Test
    void metadata_isEverySetting_withItsTypeDefaultAndDescription() throws IOException {
        JsonObject expected = expected();
        JsonObject actual;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(FILE); JsonReader reader = Json.createReader(in)) {
            actual = reader.readObject();
        }
        if (!expected.equals(actual)) {
            Path written = Path.of("target", "spring-configuration-metadata.json");
            Files.writeString(written, pretty(expected));
            assertEquals(pretty(expected), pretty(actual), "src/main/resources/" + FILE + " is not Setting's list; copy " + written);
        }
    }

    @Test
    void eachWordOffered_isInItsSettingsDescription() {
        WORDS.forEach((setting, words) -> words.forEach(word ->
                assertTrue(setting.description().contains("`" + word + "`"), setting + ": " + word)));
    }

    static JsonObject expected() {
        JsonArrayBuilder properties = Json.createArrayBuilder();
        JsonArrayBuilder hints = Json.createArrayBuilder();
        for (Setting setting : Setting.values()) {
            String type = type(setting);
            JsonObjectBuilder property = Json.createObjectBuilder().add("name", setting.key()).add("type", type)
                    .add("description", plain(setting.description()))
                    .add("sourceType", PlaytchaSettings.class.getName());
            setting.defaultValue().ifPresent(text -> {
                switch (type) {
                    case "java.lang.Boolean" -> property.add("defaultValue", Boolean.parseBoolean(text));
                    case "java.lang.Integer" -> property.add("defaultValue", Integer.parseInt(text));
                    case "java.util.List<java.lang.String>" -> property.add("defaultValue",
                            Json.createArrayBuilder(Arrays.asList(text.split(","))));
                    default -> property.add("defaultValue", text);
                }
            });
            properties.add(property);
            if (WORDS.containsKey(setting)) {
                JsonArrayBuilder values = Json.createArrayBuilder();
                WORDS.get(setting).forEach(word -> values.add(Json.createObjectBuilder().add("value", word)));
                hints.add(Json.createObjectBuilder().add("name", setting.key()).add("values", values));
            }
        }
        return Json.createObjectBuilder()
                .add("groups", Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", "playtcha")
                        .add("type", PlaytchaSettings.class.getName())
                        .add("description", "Playtcha: the verifier, the filter, health and metrics (docs/configuration.md).")
                        .add("sourceType", PlaytchaAutoConfiguration.class.getName())))
                .add("properties", properties).add("hints", hints).build();
    }

    /** The type an IDE checks a value against, from the setting's default and kind. */
    private static String type(Setting setting) {
        String text = setting.defaultValue().orElse("");
        if (SpringSettings.LISTS.contains(setting)) {
            return "java.util.List<java.lang.String>";
        } else if (text.equals("true") || text.equals("false")) {
            return "java.lang.Boolean";
        } else if (text.matches("\\d+") || setting == Setting.PROXY_PORT) {
            return "java.lang.Integer";
        } else if (text.matches("\\d+(ms|s|m)|P[\\dT].*")) {
            return "java.time.Duration";
        }
        return "java.lang.String";
    }

    /** The description without Markdown: code spans as their text, a link as its text and target. */
    private static String plain(String markdown) {
        return markdown.replaceAll("\\[([^]]+)]\\(([^)]+)\\)", "$1 ($2)").replace("`", "");
    }

    private static String pretty(JsonObject json) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
            writer.writeObject(json);
        }
        return out.toString().strip() + "\n";
    }
}
