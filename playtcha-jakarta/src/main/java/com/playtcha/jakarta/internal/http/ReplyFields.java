package com.playtcha.jakarta.internal.http;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * The fields of Playtcha's reply its meaning depends on, read in one streaming pass that checks the
 * whole body's syntax: {@code success} and {@code degraded} (a {@link Kind}), and {@code request_id}
 * and the {@code error} envelope's strings, each {@code null} unless a non-blank string.
 */
record ReplyFields(Kind success, Kind degraded, String requestId, String errorCode, String errorMessage,
        String errorRequestId) {

    /** What a field held. */
    enum Kind { ABSENT, TRUE, FALSE, OTHER }

    /**
     * The body's fields, or {@code null} when it is absent, empty, not JSON, not one JSON object,
     * followed by anything but the end of input, or beyond the parser's limits.
     */
    static ReplyFields read(JsonParserFactory json, byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        // Not the InputStream form: it wraps an InputStreamReader with an 8 KiB buffer, per reply.
        try (JsonParser parser = json.createParser(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            if (parser.next() != Event.START_OBJECT) {
                return null;
            }
            ReplyFields fields = new Reading().object(parser);
            return parser.hasNext() ? null : fields;
        } catch (RuntimeException notJson) {
            // JsonException for syntax; Parsson's size guards (a 1,100-digit number, nesting past
            // 1,000) throw other runtime exceptions. Whatever the parser refuses is not JSON to us.
            return null;
        }
    }

    /** One reply's fields as they are read. */
    private static final class Reading {
        private Kind success = Kind.ABSENT;
        private Kind degraded = Kind.ABSENT;
        private String requestId;
        private String[] error = new String[3];

        /** The top-level object, its START_OBJECT read; returns at its END_OBJECT. */
        ReplyFields object(JsonParser parser) {
            for (Event key = parser.next(); key != Event.END_OBJECT; key = parser.next()) {
                String name = parser.getString();
                Event value = parser.next();
                switch (name) {
                    case "success" -> success = kind(parser, value);
                    case "degraded" -> degraded = kind(parser, value);
                    case "request_id" -> requestId = string(parser, value);
                    case "error" -> error = envelope(parser, value);
                    default -> skip(parser, value);
                }
            }
            return new ReplyFields(success, degraded, requestId, error[0], error[1], error[2]);
        }

        /** The {@code error} value: code, message and request id when it is an object, else three nulls. */
        private static String[] envelope(JsonParser parser, Event value) {
            String[] fields = new String[3];
            if (value != Event.START_OBJECT) {
                skip(parser, value);
                return fields;
            }
            for (Event key = parser.next(); key != Event.END_OBJECT; key = parser.next()) {
                String name = parser.getString();
                Event field = parser.next();
                int index = switch (name) {
                    case "code" -> 0;
                    case "message" -> 1;
                    case "request_id" -> 2;
                    default -> -1;
                };
                if (index < 0) {
                    skip(parser, field);
                } else {
                    fields[index] = string(parser, field);
                }
            }
            return fields;
        }
    }

    private static Kind kind(JsonParser parser, Event value) {
        return switch (value) {
            case VALUE_TRUE -> Kind.TRUE;
            case VALUE_FALSE -> Kind.FALSE;
            default -> {
                skip(parser, value);
                yield Kind.OTHER;
            }
        };
    }

    /** A string value when it is not blank; {@code null} for a blank one or any other value. */
    private static String string(JsonParser parser, Event value) {
        if (value != Event.VALUE_STRING) {
            skip(parser, value);
            return null;
        }
        String s = parser.getString();
        return s.isBlank() ? null : s;
    }

    /** Walks past one value whose first event was {@code value}: through to its end when it is an object or array. */
    private static void skip(JsonParser parser, Event value) {
        int depth = 0;
        Event event = value;
        while (true) {
            switch (event) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                // As a tree would: the parser's number limits apply when a number is read.
                case VALUE_NUMBER -> parser.getValue();
                default -> {
                    // a key, a string, true, false, null: nothing to check
                }
            }
            if (depth == 0) {
                return;
            }
            event = parser.next();
        }
    }
}
