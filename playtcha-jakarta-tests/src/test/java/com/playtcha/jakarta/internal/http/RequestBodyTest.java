package com.playtcha.jakarta.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written request body is what JSON-B wrote before it, byte for byte, for ordinary and
 * awkward secrets and tokens, and reads back as the same two strings.
 */
class RequestBodyTest {

    static String[][] secretsAndTokens() {
        return new String[][] {
            {"sk_live_0123456789", "ptk_default_0123456789abcdef01234567"},
            {"s\"e\\c/r{e}t", "t\"o\\k/e{n}"},
            {"tab\there", "new\nline"},
            {"bell\u0007and\u0000nul\u001f", "cr\rff\fbs\b"},
            {"\u00fcn\u00efc\u00f6d\u00e9 \u2713 \ud83d\ude00", "\u007f\u0080\u2028"},
            {" ", ""},
        };
    }

    @ParameterizedTest
    @MethodSource("secretsAndTokens")
    void sameBytesAsJsonB_andReadsBackTheSame(String secret, String token) throws Exception {
        byte[] ours = new RequestBody(secret).with(token);

        Map<String, String> body = new LinkedHashMap<>();
        body.put("secret", secret);
        body.put("token", token);
        try (Jsonb jsonb = JsonbBuilder.create()) {
            assertEquals(jsonb.toJson(body), new String(ours, StandardCharsets.UTF_8));
        }
        JsonObject read = Json.createReader(new ByteArrayInputStream(ours)).readObject();
        assertEquals(secret, read.getString("secret"));
        assertEquals(token, read.getString("token"));
        assertEquals(2, read.size());
    }

    @ParameterizedTest
    @CsvSource({"sk_never_printed_42"})
    void theSecretIsNotInItsString(String secret) {
        assertFalse(new RequestBody(secret).toString().contains(secret));
    }
}
