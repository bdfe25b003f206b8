package com.playtcha.jakarta.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one dependency docs/login.md asks a WildFly user to add is this jar, at this build's version:
 * the WildFly ITs deploy their WARs with this very jar in WEB-INF/lib.
 */
class LoginDocTest {

    private static final Pattern XML = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theWildFlyDependencyOfTheDoc_isThisJar() throws IOException {
        String doc = Files.readString(Path.of("../docs/login.md"));
        String pom = Files.readString(Path.of("pom.xml"));
        String version = between(pom, "<version>", "</version>");
        String dependency = null;
        for (Matcher block = XML.matcher(doc); block.find(); ) {
            if (block.group(1).contains("<artifactId>playtcha-jakarta-undertow</artifactId>")) {
                dependency = block.group(1);
            }
        }
        assertTrue(dependency != null, "docs/login.md shows the dependency");
        assertEquals("com.playtcha", between(dependency, "<groupId>", "</groupId>"));
        assertEquals(version, between(dependency, "<version>", "</version>"));
        assertTrue(doc.contains("### WildFly\n\nOne dependency,"), "the WildFly section starts with it");
    }

    private static String between(String text, String open, String close) {
        int start = text.indexOf(open) + open.length();
        return text.substring(start, text.indexOf(close, start));
    }
}
