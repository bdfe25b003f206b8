package com.playtcha.jakarta.spring.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The urlencoded field as Spring's form reader gives it to the application, read as the body arrives. */
class FormFieldTest {

    private static String read(String body, int cut, Charset charset) {
        FormField field = FormField.of("playtcha-token", charset);
        byte[] bytes = body.getBytes(charset == null ? StandardCharsets.UTF_8 : charset);
        for (int at = 0; at < bytes.length && field.wants(); at += cut) {
            field.feed(ByteBuffer.wrap(bytes, at, Math.min(cut, bytes.length - at)));
        }
        field.end();
        return field.token();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void theFirstField_decoded_howeverTheBodyIsCut(int cut) {
        assertEquals("ptk_a b+c", read("email=x&playtcha-token=ptk_a+b%2Bc&playtcha-token=ptk_second", cut, null));
    }

    @Test
    void aValueCutAtTheBuffersEnd_isNotTakenShort() {
        FormField field = FormField.of("playtcha-token", null);
        field.feed(ByteBuffer.wrap("playtcha-token=ptk_ab".getBytes(StandardCharsets.US_ASCII)));
        assertNull(field.token());
        assertTrue(field.wants());
        field.feed(ByteBuffer.wrap("cd&x=1".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("ptk_abcd", field.token());
        assertFalse(field.wants(), "decided: nothing more is read");
    }

    @Test
    void pairsAreTrimmed_andEmptyOnesSkipped_asSpringSplitsThem() {
        assertEquals("ptk_x", read("&& playtcha-token=ptk_x &y=1", 1000, null));
    }

    @Test
    void aFirstOccurrenceWithoutAValue_orWithAMalformedEscape_givesNoToken() {
        assertNull(read("playtcha-token&playtcha-token=ptk_later", 1000, null));
        assertNull(read("playtcha-token=%zz&playtcha-token=ptk_later", 1000, null));
    }

    @Test
    void theBodysCharset_decodesTheValue() {
        assertEquals("ptk_é", read("playtcha-token=ptk_%E9", 1000, StandardCharsets.ISO_8859_1));
        assertEquals("ptk_é", read("playtcha-token=ptk_%C3%A9", 1000, null));
    }

    @Test
    void aCharsetWhoseDelimitersAreNotAscii_isNotRead() {
        assertNull(FormField.of("playtcha-token", StandardCharsets.UTF_16));
    }

    @Test
    void pastTheCap_theFieldIsAbsent_andNoMoreIsTaken() {
        FormField field = FormField.of("playtcha-token", null);
        byte[] junk = ("a=" + "x".repeat(FormField.MAX_BYTES)).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.wrap(junk);
        field.feed(buffer);

        assertFalse(field.wants());
        assertEquals(FormField.MAX_BYTES, field.taken().remaining());
        assertEquals(junk.length - FormField.MAX_BYTES, buffer.remaining(), "the rest stays in the buffer");
        assertNull(field.token());
    }
}
