package com.playtcha.jakarta.spi.door;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The login-post rule every door shares: the guard's column of the one list ({@code login-posts.txt},
 * which the doors' tests read too), and each runtime's spelling on the paths its container hands over.
 */
class LoginPostTest {

    /** The list's lines: path, guard, tomcat, jetty, payara. */
    static List<String[]> loginPosts() throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/login-posts.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.trim().split("\\s+")).toList();
    }

    @Test
    void theGuardsRule_isTheListsGuardColumn() throws IOException {
        List<String[]> rows = loginPosts();
        assertTrue(rows.size() > 10, "the list is read");
        for (String[] row : rows) {
            assertEquals(Boolean.parseBoolean(row[1]), LoginPost.isLoginAction("/app" + row[0]), row[0]);
        }
        assertTrue(LoginPost.isLoginAction("j_security_check"));
        assertTrue(LoginPost.isLoginAction("/x%zz/j_security_%63heck"), "a % that starts no escape stops nothing");
        assertFalse(LoginPost.isLoginAction("/app/j_security_check%"));
        assertFalse(LoginPost.isLoginAction(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/j_security_check", "/j_security_check", "/a/b/j_security_check",
            "/app/j_security_check;jsessionid=1", "/app;v=1/j_security_check", "/app/j_security_check;a=1;b=2"})
    void tomcat_takesADecodedUriEndingInTheAction_withoutParameters(String decodedUri) {
        assertTrue(LoginPost.byTomcat(decodedUri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/app/", "/app/j_security_check/", "/app/j_security_checks", "/app/xj_security_check",
            "/app/j_security_check/x", "/app/J_SECURITY_CHECK", "/app/j_security_check.do", "j_security_check"})
    void tomcat_takesNothingElse(String decodedUri) {
        assertFalse(LoginPost.byTomcat(decodedUri));
    }

    @Test
    void jetty_takesTheActionFollowedByItsEndOrASeparator() {
        for (String path : List.of("/j_security_check", "/a/j_security_check", "/j_security_check;x=y",
                "/j_security_check/", "/j_security_check/tail", "/x/j_security_checkz/j_security_check")) {
            assertTrue(LoginPost.byJetty(path), path);
        }
        for (String path : List.of("/", "/login", "/j_security_checker", "/j_security_check.html", "j_security_check",
                "/xj_security_check")) {
            assertFalse(LoginPost.byJetty(path), path);
        }
        assertFalse(LoginPost.byJetty(null));
    }

    @Test
    void payara_takesADecodedUriEndingInTheAction() {
        assertTrue(LoginPost.byPayara("/app/j_security_check"));
        assertFalse(LoginPost.byPayara("/app/j_security_check;x"));
        assertFalse(LoginPost.byPayara("/app/j_security_check/"));
        assertFalse(LoginPost.byPayara(null));
    }

    @Test
    void undertow_takesTheLastSegmentJSecurityCheck_withoutItsPathParameters() {
        List<String> login = List.of("/j_security_check", "/a/b/j_security_check", "/j_security_check;jsessionid=1",
                "/x;p=1/j_security_check", "/j_security_check;");
        List<String> other = List.of("/", "", "/j_security_check/", "/j_security_checks", "/aj_security_check",
                "/j_security_check/x", "/j_security_chec", "/j_security_check;x/y", "/J_SECURITY_CHECK", "/a;j_security_check");
        assertEquals(List.of(), login.stream().filter(path -> !LoginPost.endsInAction(path)).toList());
        assertEquals(List.of(), other.stream().filter(LoginPost::endsInAction).toList());
    }

    @Test
    void undertow_takesTheRelativePathsLastSegment_orTheFullyDecodedUris() {
        assertTrue(LoginPost.byUndertow("/x%2Fj_security_check", "/app/x%2Fj_security_check"));
        assertTrue(LoginPost.byUndertow("/x%2fj_security_check", "/app/x%2fj_security_check"));
        assertTrue(LoginPost.byUndertow("/j_security_check", "/app/j_security_%63heck"));
        assertTrue(LoginPost.byUndertow("/j_security_check;x", "/app/j_security_check%3Bx"));
        assertFalse(LoginPost.byUndertow("/j_security_check%2F", "/app/j_security_check%2F"));
        assertFalse(LoginPost.byUndertow("/x%", "/app/x%"));
        assertTrue(LoginPost.byUndertow("/x%zz/j_security_%63heck", "/app/x%zz/j_security_%63heck"),
                "a % that starts no escape is kept, as Elytron keeps it");
        assertEquals("/a%zz/b%/c\u00e9", LoginPost.decoded("/a%zz/b%/c%C3%A9", true));
        assertFalse(LoginPost.byUndertow("/a+b", "/app/a+b"));
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
