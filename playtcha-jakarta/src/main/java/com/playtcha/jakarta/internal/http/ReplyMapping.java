package com.playtcha.jakarta.internal.http;

import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.spi.store.VerifierClock;
import jakarta.json.stream.JsonParserFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * Turns Playtcha's HTTP reply into a {@link VerificationResult} of source {@code PLAYTCHA}: the rows
 * of the decision table that depend on status and body ({@link ReplyFields}). Pure. Why: design/engine.md.
 */
final class ReplyMapping {

    /** Replies past this are not read: Playtcha's are a few hundred bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** The longest {@code Retry-After} taken from Playtcha, 5 minutes (a token's life); a longer one counts as this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    /**
     * Two of the three date formats RFC 9110 says a recipient must accept: IMF-fixdate (RFC 1123) and
     * asctime; the obsolete RFC 850 form, whose year has two digits, is {@link #rfc850}.
     */
    private static final List<DateTimeFormatter> HTTP_DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC));

    /** A body with no readable fields: an error status is then described by the status alone. */
    private static final ReplyFields NOTHING_READ = new ReplyFields(ReplyFields.Kind.ABSENT, ReplyFields.Kind.ABSENT,
            null, null, null, null);

    private final JsonParserFactory json;
    private final VerifierClock clock;

    public ReplyMapping(JsonParserFactory json, VerifierClock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** {@code retryAfter} may be {@code null}; {@code body} is {@code null} when over {@link #MAX_BODY_BYTES}. */
    public VerificationResult map(int status, String retryAfter, byte[] body) {
        if (status >= 200 && status <= 299) {
            return success(status, body);
        }
        ReplyFields read = ReplyFields.read(json, body);
        ReplyFields error = read == null ? NOTHING_READ : read;
        String requestId = error.errorRequestId();
        if (status == 429) {
            return VerificationResult.Rejected.byPlaytcha(orElse(error.errorCode(), VerificationResult.RATE_LIMITED),
                    orElse(error.errorMessage(), "Playtcha throttled this server's IP address"), requestId, status,
                    retryAfter(retryAfter));
        }
        if (status >= 400 && status <= 499) {
            return VerificationResult.Rejected.byPlaytcha(orElse(error.errorCode(), "http_" + status),
                    orElse(error.errorMessage(), "Playtcha answered HTTP " + status), requestId, status, null);
        }
        if (status >= 500 && status <= 599) {
            return VerificationResult.Unavailable.byPlaytcha(orElse(error.errorCode(), "http_" + status),
                    orElse(error.errorMessage(), "Playtcha answered HTTP " + status), requestId, status);
        }
        String why = status >= 300 && status <= 399
                ? "Playtcha answered a redirect (" + status + "), which a verify never follows; check playtcha.api-url"
                : "Playtcha answered HTTP " + status + ", outside 200-599";
        return VerificationResult.Unavailable.byPlaytcha(VerificationResult.BAD_RESPONSE, why, requestId, status);
    }

    private VerificationResult success(int status, byte[] body) {
        if (body == null) {
            return badResponse(status, "the reply is over " + MAX_BODY_BYTES + " bytes");
        }
        ReplyFields reply = ReplyFields.read(json, body);
        if (reply == null) {
            return badResponse(status, "the reply is not a JSON object");
        }
        String requestId = reply.requestId();
        if (reply.success() == ReplyFields.Kind.ABSENT || reply.success() == ReplyFields.Kind.OTHER) {
            return VerificationResult.Unavailable.byPlaytcha(VerificationResult.BAD_RESPONSE,
                    "the reply has no boolean \"success\"", requestId, status);
        }
        if (reply.degraded() == ReplyFields.Kind.OTHER) {
            return VerificationResult.Unavailable.byPlaytcha(VerificationResult.BAD_RESPONSE,
                    "the reply's \"degraded\" is not a boolean", requestId, status);
        }
        if (reply.success() == ReplyFields.Kind.TRUE) {
            return new VerificationResult.Verified(reply.degraded() == ReplyFields.Kind.TRUE, requestId);
        }
        return VerificationResult.Rejected.byPlaytcha(orElse(reply.errorCode(), VerificationResult.UNSUCCESSFUL),
                orElse(reply.errorMessage(), "Playtcha answered success: false"), orElse(reply.errorRequestId(), requestId),
                status, null);
    }

    private static VerificationResult badResponse(int status, String why) {
        return VerificationResult.Unavailable.byPlaytcha(VerificationResult.BAD_RESPONSE, why, null, status);
    }

    /** {@code Retry-After} as delta-seconds or an HTTP-date, at most {@link #MAX_RETRY_AFTER}; {@code null}: absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        long seconds = seconds(value);
        if (seconds >= 0) {
            return Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.getSeconds()));
        }
        for (DateTimeFormatter format : List.of(HTTP_DATES.get(0), rfc850(), HTTP_DATES.get(1))) {
            try {
                Duration wait = Duration.between(clock.instant(), ZonedDateTime.parse(value, format).toInstant());
                return wait.isNegative() ? Duration.ZERO : wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
            } catch (DateTimeParseException notThisFormat) {
                // try the next
            }
        }
        return null;
    }

    /**
     * The RFC 850 form ({@code Sunday, 06-Nov-94 08:49:37 GMT}), its two-digit year read as RFC 9110
     * says: a year more than 50 years ahead of this clock's is the latest past one with those digits.
     */
    private DateTimeFormatter rfc850() {
        int year = clock.instant().atZone(ZoneOffset.UTC).getYear();
        return new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, year - 49)
                .appendPattern(" HH:mm:ss zzz").toFormatter(Locale.US);
    }

    /** Delta-seconds, counted no higher than just past the cap (so no number of digits overflows); -1 when not all digits. */
    private static long seconds(String value) {
        long seconds = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seconds = Math.min(seconds * 10 + (c - '0'), MAX_RETRY_AFTER.getSeconds() + 1);
        }
        return seconds;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
