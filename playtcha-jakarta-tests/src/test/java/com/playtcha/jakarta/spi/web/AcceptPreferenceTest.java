package com.playtcha.jakarta.spi.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** "Prefers JSON" (docs/behaviour.md, how a blocked request is answered), case by case. */
class AcceptPreferenceTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            NULL                                                          | false
            ''                                                            | false
            */*                                                           | false
            application/json                                              | true
            Application/JSON; charset=utf-8                               | true
            application/problem+json                                      | true
            application/vnd.api+json;q=0.5                                | true
            text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | false
            application/json, text/html                                   | false
            application/json;q=0.9, text/html;q=0.8                       | true
            text/html;q=0.9, application/json                             | true
            application/json;q=0, */*                                     | false
            application/json;q=abc                                        | false
            application/json;q=2                                          | false
            text/plain, application/json;q=0.1                            | true
            +json                                                         | false
            application/jsonp                                             | false
            """)
    void prefersJson(String accept, boolean expected) {
        assertEquals(expected, AcceptHeader.prefersJson(accept));
    }
}
