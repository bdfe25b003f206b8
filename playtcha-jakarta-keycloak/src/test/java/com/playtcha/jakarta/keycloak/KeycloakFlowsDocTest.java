package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
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
 * The realm JSON docs/keycloak.md shows is what the ITs import: each {@code json} block that names flows (a fragment of a
 * realm's JSON) is found, key by key, in one realm of src/test/resources/import, each flow and each authenticator
 * configuration as the realm has it (its {@code description} aside), and each client with the settings shown.
 */
class KeycloakFlowsDocTest {

    private static final Path DOC = Path.of("..", "docs", "keycloak.md");
    private static final Path REALMS = Path.of("src", "test", "resources", "import");

    @Test
    void everyFlowTheDocShows_isOneARealmOfTheTestsImports() throws IOException {
        List<JsonObject> realms = new ArrayList<>();
        try (Stream<Path> files = Files.list(REALMS)) {
            for (Path file : files.toList()) {
                realms.add(parse(Files.readString(file)));
            }
        }
        Matcher block = Pattern.compile("```json\\n(.*?)\\n\\s*```", Pattern.DOTALL).matcher(Files.readString(DOC));
        int shown = 0;
        while (block.find()) {
            if (block.group(1).contains("\"authenticationFlows\"")) {
                JsonObject fragment = parse("{" + block.group(1) + "}");
                assertTrue(realms.stream().anyMatch(realm -> holds(realm, fragment)),
                        "docs/keycloak.md shows a realm fragment no test realm imports:\n" + block.group(1));
                shown++;
            }
        }
        assertTrue(shown >= 3, "the doc's flows were found (the browser flow, registration, forgot password): " + shown);
    }

    /** Whether {@code realm} has every key of {@code fragment}: the flows and configurations by their alias. */
    private static boolean holds(JsonObject realm, JsonObject fragment) {
        for (String key : fragment.keySet()) {
            JsonValue shown = fragment.get(key);
            boolean held = switch (key) {
                case "authenticationFlows", "authenticatorConfig" -> shown.asJsonArray().stream()
                        .allMatch(item -> withoutDescription(item.asJsonObject()).equals(byAlias(realm.getJsonArray(key),
                                item.asJsonObject().getString("alias"))));
                case "clients" -> shown.asJsonArray().stream().allMatch(item -> hasClient(realm, item.asJsonObject()));
                default -> shown.equals(realm.get(key));
            };
            if (!held) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code realm} has a client of {@code shown}'s id with every setting {@code shown} gives (a realm's has more). */
    private static boolean hasClient(JsonObject realm, JsonObject shown) {
        JsonArray clients = realm.getJsonArray("clients");
        return clients != null && clients.stream().map(JsonValue::asJsonObject)
                .filter(client -> shown.getString("clientId").equals(client.getString("clientId", null)))
                .anyMatch(client -> shown.keySet().stream().allMatch(key -> shown.get(key).equals(client.get(key))));
    }

    private static JsonObject byAlias(JsonArray items, String alias) {
        return items == null ? null : items.stream().map(JsonValue::asJsonObject).filter(item -> alias.equals(item.getString("alias", null)))
                .map(KeycloakFlowsDocTest::withoutDescription).findFirst().orElse(null);
    }

    private static JsonObject withoutDescription(JsonObject item) {
        return Json.createObjectBuilder(item).remove("description").build();
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
