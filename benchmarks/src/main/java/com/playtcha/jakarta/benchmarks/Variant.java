package com.playtcha.jakarta.benchmarks;

/** The six ways of serving the same guarded POST that the load benchmark compares. */
public enum Variant {
    A("no filter (the floor)", "/a"),
    B("PlaytchaFilter (its OpenTelemetry metrics off)", "/b"),
    C("JDK HttpClient in a plain filter", "/c"),
    D("HttpURLConnection, new connection per verify", "/d"),
    E("Apache HttpClient 5 in a plain filter: pooled and sized, timeouts, JSON-B (as its documentation shows)", "/e"),
    F("PlaytchaFilter with its OpenTelemetry metrics on (the SDK's meter provider, collected every second)", "/f");

    /** What the report calls it. */
    final String description;
    /** Its servlet context in {@link BenchServer}. */
    final String contextPath;

    Variant(String description, String contextPath) {
        this.description = description;
        this.contextPath = contextPath;
    }

    /** The context of this variant configured for the outage run (B and C only), with the outage timeout. */
    String outageContextPath() {
        return contextPath + "-outage";
    }

    /** The reply body of a request that went through as it should: A verifies nothing. */
    String expectedBody() {
        return this == A ? GuardedServlet.UNGUARDED : "verified";
    }
}
