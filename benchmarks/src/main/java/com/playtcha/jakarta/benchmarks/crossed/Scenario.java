package com.playtcha.jakarta.benchmarks.crossed;

import java.util.Arrays;

/** The requests whose classes are counted, each measured in a JVM of its own by {@link ScenarioJvm}. */
enum Scenario {

    FORM_POST_VERIFIED("form-post-verified", "A verified form post (PlaytchaFilter in web.xml, default settings)", false),
    LOGIN_ADMITTED("login-admitted", "A FORM login under `after-failures`, admitted without a token", true),
    LOGIN_TOKEN_VERIFIED("login-token-verified",
            "A FORM login that needs a token (its account at the limit) and carries a valid one, on to the realm", true),
    LOGIN_TOKEN_MISSING("login-token-missing", "The same login carrying no token: refused `token_required`", true);

    private final String id;
    private final String title;
    private final boolean login;

    Scenario(String id, String title, boolean login) {
        this.id = id;
        this.title = title;
        this.login = login;
    }

    /** The short name: the table's row, the argument of the scenario's JVM. */
    String id() {
        return id;
    }

    String title() {
        return title;
    }

    /** Whether it is a Tomcat FORM login (the valve, a realm, {@code login.require=after-failures}). */
    boolean login() {
        return login;
    }

    static Scenario of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + id + "; there are "
                        + Arrays.stream(values()).map(Scenario::id).toList()));
    }
}
