package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.VerificationResult;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The lines of the journal and the dead-letter file: one bounded JSON object each, starting with its
 * line break, with an {@code op} ({@code recorded}, {@code posting}, {@code settled}, {@code reported});
 * none over {@value #MAX_LINE_BYTES} bytes. Why: design/ledger.md.
 */
final class JournalCodec {

    /** No line the ledger writes is longer; replay skips one that is, without reading it whole. */
    static final int MAX_LINE_BYTES = 32 * 1024;
    /** What a settled line keeps of Playtcha's message and request id, in characters. */
    static final int MAX_MESSAGE_LENGTH = 512;
    static final int MAX_REQUEST_ID_LENGTH = 128;

    private final JsonProvider json = JsonProvider.provider();

    String recorded(LedgerEntry e) {
        return line(g -> {
            g.write("op", "recorded").write("id", e.id()).write("time", e.time().toString()).write("token", e.token());
            put(g, "path", e.path());
            put(g, "remote", e.remoteAddress());
            g.write("cause", e.cause());
        });
    }

    String posting(String id) {
        return line(g -> g.write("op", "posting").write("id", id));
    }

    String settled(Reconciliation r) {
        return line(g -> {
            g.write("op", "settled").write("id", r.entry().id()).write("outcome", r.outcome().name())
                    .write("time", r.time().toString());
            VerificationResult result = r.result();
            if (result != null) {
                // Playtcha's words, bounded like an entry's, so that the line is too
                g.write("result", result.outcome());
                put(g, "code", LedgerEntry.bounded(result.errorCode(), LedgerEntry.MAX_CAUSE_LENGTH));
                put(g, "request_id", LedgerEntry.bounded(result.requestId(), MAX_REQUEST_ID_LENGTH));
                g.write("degraded", result.degraded());
                if (result instanceof VerificationResult.Rejected rejected) {
                    put(g, "message", LedgerEntry.bounded(rejected.message(), MAX_MESSAGE_LENGTH));
                    g.write("status", rejected.httpStatus());
                } else if (result instanceof VerificationResult.Unavailable unavailable) {
                    put(g, "message", LedgerEntry.bounded(unavailable.message(), MAX_MESSAGE_LENGTH));
                    g.write("status", unavailable.httpStatus());
                }
            }
        });
    }

    String reported(String id) {
        return line(g -> g.write("op", "reported").write("id", id));
    }

    /** A dead letter: the entry (without its token), its outcome and why it is here. */
    String deadLetter(Reconciliation reconciliation, String reason) {
        LedgerEntry e = reconciliation.entry();
        return line(g -> {
            g.write("id", e.id()).write("time", e.time().toString());
            put(g, "path", e.path());
            put(g, "remote", e.remoteAddress());
            g.write("cause", e.cause()).write("outcome", reconciliation.outcome().toString());
            put(g, "code", LedgerEntry.bounded(reconciliation.code(), LedgerEntry.MAX_CAUSE_LENGTH));
            g.write("reason", reason).write("settled", reconciliation.time().toString());
        });
    }

    /** A dead letter: how many fail-open requests went unrecorded, between when and when, and why. */
    String unrecorded(long count, Instant first, Instant last, String reason) {
        return line(g -> g.write("unrecorded", count).write("first", first.toString())
                .write("last", last.toString()).write("reason", reason));
    }

    /** A line read back; throws a {@link jakarta.json.JsonException} or {@link ClassCastException} when it is no object. */
    JsonObject parse(String line) {
        try (JsonReader reader = json.createReader(new StringReader(line))) {
            return reader.readValue().asJsonObject();
        }
    }

    static LedgerEntry entry(JsonObject r) {
        return new LedgerEntry(r.getString("id"), r.getString("token"), Instant.parse(r.getString("time")),
                r.getString("path", null), r.getString("remote", null), r.getString("cause"));
    }

    static Reconciliation reconciliation(LedgerEntry entry, JsonObject r) {
        VerificationResult result = null;
        if (r.containsKey("result")) {
            String code = r.getString("code", null);
            String requestId = r.getString("request_id", null);
            String message = r.getString("message", null);
            int status = r.getInt("status", 0);
            // Only Playtcha's answers settle an entry (ReconciliationPolicy): the source is not stored, it is known.
            result = switch (r.getString("result")) {
                case "verified" -> new VerificationResult.Verified(r.getBoolean("degraded", false), requestId);
                case "rejected" -> VerificationResult.Rejected.byPlaytcha(code, message, requestId, status, null);
                default -> VerificationResult.Unavailable.byPlaytcha(code, message, requestId, status);
            };
        }
        return new Reconciliation(entry, Reconciliation.Outcome.valueOf(r.getString("outcome")), result,
                Instant.parse(r.getString("time")));
    }

    private String line(Consumer<JsonGenerator> fields) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            fields.accept(generator);
            generator.writeEnd();
        }
        return "\n" + out; // first, not last: after a half-written line the next record still starts on a line of its own
    }

    private static void put(JsonGenerator generator, String name, String value) {
        if (value != null) {
            generator.write(name, value);
        }
    }
}
