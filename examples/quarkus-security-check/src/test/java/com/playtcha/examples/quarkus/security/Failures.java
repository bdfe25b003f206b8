package com.playtcha.examples.quarkus.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a Quarkus build or start said: a failure's messages, or the port a started application listens on. */
final class Failures {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private Failures() {
    }

    /** Each cause's and each suppressed exception's message, one a line. */
    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                all.append(suppressed).append('\n');
            }
        }
        return all.toString();
    }

    /** The HTTP port in a started application's console output ({@code quarkus.http.port=0} takes a free one). */
    static int port(String output) {
        Matcher listening = LISTENING.matcher(output);
        if (!listening.find()) {
            throw new AssertionError("the application did not start:\n" + output);
        }
        return Integer.parseInt(listening.group(1));
    }
}
