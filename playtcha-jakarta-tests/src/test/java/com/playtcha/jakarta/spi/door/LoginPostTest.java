package com.playtcha.jakarta.spi.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The login-post rule every door shares: the guard's column of the one list ({@link LoginPosts}, whose
 * other columns the doors' tests read, each for its container's rule), and the one percent-decoder.
 */
class LoginPostTest {

    @Test
    void theGuardsRule_isTheListsGuardColumn() {
        List<LoginPosts.Row> rows = LoginPosts.column("guard");
        assertTrue(rows.size() > 10, "the list is read");
        for (LoginPosts.Row row : rows) {
            assertEquals(Boolean.parseBoolean(row.says()), LoginPost.isLoginAction("/app" + row.path()), row.path());
        }
        assertTrue(LoginPost.isLoginAction("j_security_check"));
        assertTrue(LoginPost.isLoginAction("/x%zz/j_security_%63heck"), "a % that starts no escape stops nothing");
        assertFalse(LoginPost.isLoginAction("/app/j_security_check%"));
        assertFalse(LoginPost.isLoginAction(null));
    }

    @Test
    void pathParameters_areLeftOut_segmentBySegment() {
        assertEquals("/app/j_security_check", LoginPost.withoutParameters("/app;v=1/j_security_check;jsessionid=2;x=3"));
        assertEquals("/a/b", LoginPost.withoutParameters("/a/b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/plain/path | /plain/path | /plain/path",
        "/j_security_chec%6B | /j_security_check | /j_security_check",
        "/%C3%A9t%C3%A9 | /\u00e9t\u00e9 | /\u00e9t\u00e9",
        "/a%2Fb | /a/b | /a/b",
        "/100% | /100% | ",
        "/%zz/x | /%zz/x | ",
        "/%4 | /%4 | ",
        "/%%41 | /%A | ",
        "/%\uFF14\uFF11 | /%\uFF14\uFF11 | ",
        "/a+b | /a+b | /a+b",
        "/%FF | /\uFFFD | /\uFFFD"})
    void escapesOfAsciiHexDigits_areDecoded_aStraySignKeptOrRefused(String raw, String lenient, String strict) {
        assertEquals(lenient, LoginPost.decoded(raw, true));
        assertEquals(strict, LoginPost.decoded(raw, false));
    }
}
