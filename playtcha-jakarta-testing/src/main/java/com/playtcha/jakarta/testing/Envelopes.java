package com.playtcha.jakarta.testing;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The JSON shapes Playtcha answers with, built with JSON-P (one provider, looked up once). */
final class Envelopes {

    static final JsonProvider JSON = JsonProvider.provider();

    private Envelopes() {
    }

    /** {@code {"error": {"code", "message", "request_id"}}}: the shape of every non-2xx answer. */
    static String error(String code, String message, String requestId) {
        return JSON.createObjectBuilder()
                .add("error", JSON.createObjectBuilder()
                        .add("code", code)
                        .add("message", message)
                        .add("request_id", requestId)
                        .add("docs", "https://docs.playtcha.com/errors#" + code))
                .build()
                .toString();
    }

    /**
     * A 2xx answer. It carries fields a client must ignore ({@code challenge_ts}, {@code project}),
     * because the real service sends more than the contract names.
     */
    static String success(boolean degraded, String requestId, String project, long challengeEpochSecond) {
        JsonObject reply = JSON.createObjectBuilder()
                .add("success", true)
                .add("degraded", degraded)
                .add("request_id", requestId)
                .add("project", project)
                .add("challenge_ts", challengeEpochSecond)
                .build();
        return reply.toString();
    }

    static String newRequestId() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }
}
