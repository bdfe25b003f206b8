package com.playtcha.jakarta.servlet.multipart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one parameter parser, read from text and in place from a body's bytes alike. */
class HeaderParametersTest {

    @Test
    void aMediaType_isLowerCased_itsParametersByLowerCaseName_valuesAsWritten() {
        HeaderParameters parsed = HeaderParameters.parse(" Multipart/Form-Data ;\tBOUNDARY=\"A b\";; charset=UTF-8", true);

        assertEquals("multipart/form-data", parsed.value());
        assertEquals(Map.of("boundary", "A b", "charset", "UTF-8"), parsed.parameters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "text/", "/plain", "text/plain; a=1; A=2", "text/plain; a =1", "text/plain; a= 1",
        "text/plain; a=\"1", "text/plain; a=\"x\\\"y\"", "text/plain; a=b,c", "text/plain x", "text/plain; a"})
    void whatTwoParsersCouldReadTwoWays_isRefused(String header) {
        assertNull(HeaderParameters.parse(header, true), header);
    }

    @Test
    void aRangeOfBytes_isReadAsItsTextIs() {
        byte[] line = "xxContent-Disposition: form-data; name=\"caf\u00e9\"yy".getBytes(StandardCharsets.UTF_8);
        int from = line.length - "form-data; name=\"caf\u00e9\"yy".getBytes(StandardCharsets.UTF_8).length;

        HeaderParameters parsed = HeaderParameters.parse(line, from, line.length - 2, false);

        assertEquals("form-data", parsed.value());
        assertEquals(Map.of("name", "caf\u00e9"), parsed.parameters());
    }
}
