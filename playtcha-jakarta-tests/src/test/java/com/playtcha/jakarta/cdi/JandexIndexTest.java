package com.playtcha.jakarta.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.playtcha.jakarta.health.PlaytchaHealthBuildExtension;
import com.playtcha.jakarta.health.PlaytchaReadinessCheck;
import com.playtcha.jakarta.servlet.PlaytchaFilter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.api.Test;

/**
 * The jar's {@code META-INF/jandex.idx}, which Quarkus discovers the library's beans from: what is
 * discovered is in it, and nothing in it has a supertype from an API Quarkus lacks (Quarkus warns
 * "Failed to index jakarta.servlet.http.HttpFilter" on every build otherwise). The REST feature is in
 * playtcha-jakarta-rest's own index, held there the same way.
 */
class JandexIndexTest {

    private static final List<String> ABSENT_IN_QUARKUS = List.of("jakarta.servlet.", "io.undertow.",
            "jakarta.security.", "org.eclipse.microprofile.health.", "org.apache.catalina.", "org.eclipse.jetty.");

    @Test
    void theIndex_listsTheBeans_andNoServletSideClass() throws IOException {
        Index index = read();
        assertNotNull(index.getClassByName(PlaytchaVerifierProducer.class), "the producer");
        assertNotNull(index.getClassByName(PlaytchaHealthBuildExtension.class), "the CDI Lite extension");
        assertNull(index.getClassByName(PlaytchaFilter.class));
        assertNull(index.getClassByName(PlaytchaReadinessCheck.class), "a bean only through the extensions");

        List<String> unresolvable = new ArrayList<>();
        for (ClassInfo type : index.getKnownClasses()) {
            List<DotName> supertypes = new ArrayList<>(type.interfaceNames());
            if (type.superName() != null) {
                supertypes.add(type.superName());
            }
            for (DotName supertype : supertypes) {
                if (ABSENT_IN_QUARKUS.stream().anyMatch(supertype.toString()::startsWith)) {
                    unresolvable.add(type.name() + " -> " + supertype);
                }
            }
        }
        assertEquals(List.of(), unresolvable);
    }

    /** Helidon 4's Jandex (3.1.2) reads formats up to 11; at a newer one its Weld warns and scans the jar instead. */
    @Test
    void theIndex_isOfAFormat_Helidon4sJandexReads() throws IOException {
        assertEquals(11, reader().getIndexVersion());
    }

    private static Index read() throws IOException {
        return reader().read();
    }

    private static IndexReader reader() throws IOException {
        try (InputStream in = JandexIndexTest.class.getClassLoader().getResourceAsStream("META-INF/jandex.idx")) {
            assertNotNull(in, "no META-INF/jandex.idx on the class path");
            return new IndexReader(new java.io.ByteArrayInputStream(in.readAllBytes()));
        }
    }
}
