package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.Setting;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/keycloak.md's realm JSON is what the ITs import: every {@code json} block of it, read as the members of a realm,
 * is found in one of the realms of src/test/resources/import (each flow by its alias, each client by its id, each other
 * member as it is); and the password grant's section names the real token header and parameter. (Its {@code curl}
 * example and its refusal run against the real Keycloak in {@link KeycloakDoorsIT}.)
 */
class KeycloakDoorsDocTest {

    private static final Path DOC = Path.of("..", "docs", "keycloak.md");
    private static final Path REALMS = Path.of("src", "test", "resources", "import");

    @Test
    void everyRealmSnippet_isInARealmTheTestsImport() throws IOException {
        List<JsonObject> realms = new ArrayList<>();
        try (Stream<Path> files = Files.list(REALMS)) {
            for (Path file : files.sorted().toList()) {
                realms.add(read(Files.readString(file)));
            }
        }
        Matcher json = Pattern.compile("```json\\n(.*?)\\n\\s*```", Pattern.DOTALL).matcher(Files.readString(DOC));
        int found = 0;
        for (; json.find(); found++) {
            JsonObject snippet = read("{" + json.group(1) + "}");
            assertTrue(realms.stream().anyMatch(realm -> contains(realm, snippet)), "docs/keycloak.md shows a realm no test imports: "
                    + snippet);
        }
        assertTrue(found >= 3, "the one-page form's, the two pages' and the grant's realm JSON: " + found);
    }

    @Test
    void theGrantSection_namesTheRealTokenHeaderAndParameter() throws IOException {
        String doc = Files.readString(DOC);
        String grant = doc.substring(doc.indexOf("## The password grant"), doc.indexOf("## Brute-force detection"));
        assertTrue(grant.contains("`" + Setting.TOKEN_HEADER.defaultValue().orElseThrow() + "` header (`token-header`)"), grant);
        assertTrue(grant.contains("form parameter\n`" + Setting.TOKEN_PARAMETER.defaultValue().orElseThrow() + "` (`token-parameter`)"), grant);
        assertTrue(grant.contains("\"" + GrantAnswer.INVALID_GRANT + "\"") && grant.contains("`" + GrantAnswer.TEMPORARILY_UNAVAILABLE + "`"), grant);
        assertTrue(grant.contains("(`" + PlaytchaDirectGrantFactory.ID + "`)"), grant);
        String pages = doc.substring(doc.indexOf("## The username form, then the password form"), doc.indexOf("## The password grant"));
        assertTrue(pages.contains("(`" + PlaytchaPasswordFormFactory.ID + "`)"), pages);
    }

    /** Whether {@code realm} has every member of {@code snippet}: arrays element by element, matched by alias or client id. */
    private static boolean contains(JsonObject realm, JsonObject snippet) {
        for (var member : snippet.entrySet()) {
            JsonValue value = realm.get(member.getKey());
            if (value == null) {
                return false;
            }
            if (member.getValue().getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue element : member.getValue().asJsonArray()) {
                    if (value.asJsonArray().stream().noneMatch(candidate -> sameEntry(candidate, element))) {
                        return false;
                    }
                }
            } else if (!value.equals(member.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** {@code shown}, an object of a realm's array, as {@code candidate} has it: every member {@code shown} names (a description may be left out). */
    private static boolean sameEntry(JsonValue candidate, JsonValue shown) {
        if (candidate.getValueType() != JsonValue.ValueType.OBJECT || shown.getValueType() != JsonValue.ValueType.OBJECT) {
            return candidate.equals(shown);
        }
        JsonObject has = candidate.asJsonObject();
        return shown.asJsonObject().entrySet().stream().allMatch(member -> member.getValue().equals(has.get(member.getKey())))
                && has.keySet().stream().allMatch(key -> shown.asJsonObject().containsKey(key) || key.equals("description"));
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
