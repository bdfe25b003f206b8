package com.playtcha.jakarta.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentEscapesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/plain/path | /plain/path | /plain/path",
        "/j_security_chec%6B | /j_security_check | /j_security_check",
        "/%C3%A9t%C3%A9 | /été | /été",
        "/a%2Fb | /a/b | /a/b",
        "/100% | /100% | ",
        "/%zz/x | /%zz/x | ",
        "/%4 | /%4 | ",
        "/%%41 | /%A | ",
        "/%\uFF14\uFF11 | /%\uFF14\uFF11 | ",
        "/a+b | /a+b | /a+b",
        "/%FF | /\uFFFD | /\uFFFD"})
    void escapesOfAsciiHexDigits_areDecoded_aStraySignKeptOrRefused(String raw, String lenient, String strict) {
        assertEquals(lenient, PercentEscapes.decode(raw, true));
        if (strict == null) {
            assertNull(PercentEscapes.decode(raw, false));
        } else {
            assertEquals(strict, PercentEscapes.decode(raw, false));
        }
    }
}
