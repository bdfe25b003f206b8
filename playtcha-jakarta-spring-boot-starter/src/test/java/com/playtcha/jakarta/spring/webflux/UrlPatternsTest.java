package com.playtcha.jakarta.spring.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code playtcha.url-patterns} over every form a path takes: guarded when any form matches, as a servlet container matches. */
class UrlPatternsTest {

    private final UrlPatterns patterns = new UrlPatterns(List.of("/signup", "/contact/*", "*.do"));

    @ParameterizedTest
    @ValueSource(strings = {"/signup", "/signup/", "/signup;jsessionid=1", "/sign%75p", "//signup", "/x/../signup", "/./signup",
            "/contact", "/contact/", "/contact/us", "/contact/us/more", "/contact//us", "/a/b.do", "/b.do;x=1", "/signup%2F"})
    void guarded(String path) {
        assertTrue(patterns.matches(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/signups", "/SIGNUP", "/contactus", "/a.dox", "/do", "/signup/more", "/sign%2Fup"})
    void notGuarded(String path) {
        assertFalse(patterns.matches(path), path);
    }

    @Test
    void theDefaultPattern_andTheRootPrefix_guardEverything() {
        assertTrue(new UrlPatterns(List.of("/")).matches("/anything/at/all"));
        assertTrue(new UrlPatterns(List.of("/*")).matches("/anything"));
    }

    @Test
    void normalized_resolvesDotsAndEmptySegments_andNeverClimbsAboveTheRoot() {
        assertEquals("/signup", UrlPatterns.normalized("/../../signup"));
        assertEquals("/", UrlPatterns.normalized("//"));
        assertEquals("/a/c", UrlPatterns.normalized("/a/b/../c;p=1/"));
    }
}
